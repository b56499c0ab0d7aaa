#!/usr/bin/python3
"""Real-shaped survey answers for the survey tests (numpy + astropy), and the splitting reference.

    /usr/bin/python3 src/test/python/survey_fixtures.py src/test/resources/surveys

* ztf.csv: IRSA's ZTF lightcurve CSV (external-apis.md §6 columns) of one source: zg and zr, three observing
  seasons (each ~100 nights, ~200-day gaps) with 2-6 epochs a night at random times, some epochs with
  catflags 32768 (bad);
* ztf_empty.csv: the header line only ("no data");
* tess2019198215352-s0014-0000000012345678-0150-s_lc.fits: a SPOC 2-minute lightcurve's shape (sector 14:
  TIME in BTJD 1683.35-1710.2 with the orbit gap at the middle, PDCSAP_FLUX/ERR, SAP_FLUX, QUALITY with
  momentum dumps every 3.1 d and scattered flags), of a 0.79 d, 0.5 % sinusoid in noise;
* hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits: a TESS-SPOC 30-minute FFI lightcurve, sector 41;
* catalogue.csv: 50 sources (name, ra, dec, mag);
* splitting_reference.json: per filter and season of ztf.csv, the good epochs (catflags & 32768 == 0), with
  the season rule (a gap > 40 d starts a new one).
"""
import csv
import json
import os
import sys

import numpy as np
from astropy.io import fits

HEADER = ('oid,expid,hjd,mjd,mag,magerr,catflags,filtercode,ra,dec,chi,sharp,filefracday,field,ccdid,qid,limitmag,'
          'magzp,magzprms,clrcoeff,clrcounc,exptime,airmass,programid')


def ztf(rng, path):
    rows = []
    for season_start in (58200, 58560, 58925):
        nights = np.sort(rng.choice(np.arange(season_start, season_start + 110), 45, replace=False))
        for night in nights:
            for band, oid in (('zg', 1250101100001), ('zr', 1250201100002)):
                for _ in range(rng.integers(1, 4)):
                    mjd = night + 0.2 + rng.uniform(0, 0.3)
                    mag = 17.1 + (0.0 if band == 'zr' else 0.45) + 0.05 * np.sin(2 * np.pi * mjd / 23.0) + rng.normal(0, 0.02)
                    flags = 32768 if rng.uniform() < 0.04 else (4 if rng.uniform() < 0.05 else 0)
                    rows.append((oid, int(mjd * 1e3), mjd + 2400000.5, mjd, mag, 0.02, flags, band, 80.8791, -1.0733, 1.1, 0.01,
                                 int(mjd * 1e3), 455, 12, 3, 20.5, 26.2, 0.02, -0.05, 1e-5, 30.0, 1.2, 1))
    rows.sort(key=lambda r: r[3])
    with open(path, 'w', newline='') as f:
        f.write(HEADER + '\n')
        out = csv.writer(f, lineterminator='\n')
        for r in rows:
            out.writerow(['%.10g' % v if isinstance(v, float) else v for v in r])
    return rows


def tess(rng, path, sector, cadence_min, start, end, hlsp=False):
    t = np.arange(start, end, cadence_min / 1440.0)
    mid = (start + end) / 2
    t = t[(t < mid - 0.6) | (t > mid + 0.6)]          # the orbit gap
    flux = 5000 * (1 + 0.005 * np.sin(2 * np.pi * t / 0.79)) + rng.normal(0, 8, len(t))
    err = np.full(len(t), 8.0)
    quality = np.zeros(len(t), dtype=np.int32)
    for dump in np.arange(start + 1.5, end, 3.125):
        quality[np.abs(t - dump) < 0.02] = 32
    quality[rng.uniform(0, 1, len(t)) < 0.003] = 1024
    flux[quality == 32] *= 0.98
    primary = fits.PrimaryHDU()
    primary.header['TELESCOP'] = 'TESS'
    primary.header['OBJECT'] = 'TIC 12345678'
    primary.header['TICID'] = 12345678
    primary.header['SECTOR'] = sector
    cols = [fits.Column(name='TIME', format='D', unit='BJD - 2457000, days', array=t),
            fits.Column(name='SAP_FLUX', format='E', unit='e-/s', array=flux),
            fits.Column(name='SAP_BKG', format='E', unit='e-/s', array=np.full(len(t), 120.0) + rng.normal(0, 2, len(t))),
            fits.Column(name='PDCSAP_FLUX', format='E', unit='e-/s', array=flux),
            fits.Column(name='PDCSAP_FLUX_ERR', format='E', unit='e-/s', array=err),
            fits.Column(name='QUALITY', format='J', array=quality)]
    table = fits.BinTableHDU.from_columns(cols)
    table.header['EXTNAME'] = 'LIGHTCURVE'
    table.header['TIMEDEL'] = cadence_min / 1440.0
    fits.HDUList([primary, table]).writeto(path, overwrite=True)


def main(out):
    rng = np.random.default_rng(20261201)
    rows = ztf(rng, os.path.join(out, 'ztf.csv'))
    with open(os.path.join(out, 'ztf_empty.csv'), 'w') as f:
        f.write(HEADER + '\n')
    tess(rng, os.path.join(out, 'tess2019198215352-s0014-0000000012345678-0150-s_lc.fits'), 14, 2, 1683.35, 1710.2)
    tess(rng, os.path.join(out, 'hlsp_tess-spoc_tess_phot_0000000012345678-s0041_tess_v1_lc.fits'), 41, 30, 2419.0, 2446.6, hlsp=True)
    with open(os.path.join(out, 'catalogue.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['name', 'ra', 'dec', 'mag'])
        for i in range(50):
            w.writerow(['SRC-%02d' % i, '%.5f' % (10 + 6.5 * i), '%.5f' % (-30 + 1.1 * i), '%.2f' % (14 + 0.08 * i)])
    reference = {}
    for band in ('zg', 'zr'):
        mjd = np.array([r[3] for r in rows if r[7] == band and (r[6] & 32768) == 0])
        all_mjd = np.array([r[3] for r in rows if r[7] == band])
        breaks = np.where(np.diff(all_mjd) > 40)[0] + 1
        seasons = np.split(all_mjd, breaks)
        reference[band] = [int(np.sum(np.isin(s, mjd))) for s in seasons]
    with open(os.path.join(out, 'splitting_reference.json'), 'w') as f:
        json.dump(reference, f)
    print(reference)


if __name__ == '__main__':
    main(sys.argv[1])
