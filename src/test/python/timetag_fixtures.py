#!/usr/bin/python3
"""Small, real-shaped HST time-tag files for the time-tag tests, and the binning reference (astropy + numpy).

    /usr/bin/python3 src/test/python/timetag_fixtures.py src/test/resources/timetag

COS FUV corrtag_a/_b (EVENTS: TIME float32 s, PHA, DQ; GTI: START, STOP; EXPFLAG, EXPSTART, EXPTIME,
SDQFLAGS = 8346 in the EVENTS header; TARGNAME, INSTRUME, DETECTOR, OPT_ELEM, CENWAVE, ROOTNAME in the
primary), a second COS exposure of the same target/grating/cenwave, a STIS FUV-MAMA tag file (TIME float64,
AXIS1/AXIS2, no DQ), an x1d spectrum, and bad files: EXPFLAG not NORMAL, no events, TIME going backwards,
every event at one time, too short an exposure, a truncated file. Events are a seeded Poisson process whose
rate varies sinusoidally; some carry DQ bits inside SDQFLAGS (dropped) or outside (kept).

binning_reference.json: for each good event file and 1 s bins, numpy's counts per bin as the documented rule
defines them (whole bins from each GTI's start; events with DQ & SDQFLAGS dropped), and the bins' mid times.
"""
import json
import os
import sys

import numpy as np
from astropy.io import fits

SDQ = 8346


def events(rng, exptime, rate, period, gtis):
    t = []
    for start, stop in gtis:
        n = rng.poisson(rate * (stop - start) * 2)
        cand = np.sort(rng.uniform(start, stop, n))
        keep = rng.uniform(0, 1, n) < 0.5 * (1 + 0.6 * np.sin(2 * np.pi * cand / period))
        t.append(cand[keep])
    return np.concatenate(t) if t else np.array([])


def cos_file(path, root, target, segment, expstart, exptime, t, dq, gtis, expflag='NORMAL', time_format='E'):
    primary = fits.PrimaryHDU()
    h = primary.header
    h['ROOTNAME'] = root
    h['TARGNAME'] = target
    h['INSTRUME'] = 'COS'
    h['DETECTOR'] = 'FUV'
    h['OPT_ELEM'] = 'G130M'
    h['CENWAVE'] = 1291
    h['SEGMENT'] = segment
    n = len(t)
    ev = fits.BinTableHDU.from_columns([
        fits.Column(name='TIME', format=time_format, unit='s', array=t),
        fits.Column(name='XCORR', format='E', array=np.linspace(0, 16000, n) if n else np.array([])),
        fits.Column(name='PHA', format='B', array=(np.arange(n) % 31).astype(np.uint8)),
        fits.Column(name='DQ', format='I', array=dq.astype(np.int16))])
    ev.header['EXTNAME'] = 'EVENTS'
    ev.header['EXPTIME'] = exptime
    ev.header['EXPSTART'] = expstart
    ev.header['EXPFLAG'] = expflag
    ev.header['SDQFLAGS'] = SDQ
    gti = fits.BinTableHDU.from_columns([fits.Column(name='START', format='D', array=[g[0] for g in gtis]),
                                         fits.Column(name='STOP', format='D', array=[g[1] for g in gtis])])
    gti.header['EXTNAME'] = 'GTI'
    fits.HDUList([primary, ev, gti]).writeto(path, overwrite=True)


def stis_file(path, root, target, expstart, exptime, t, gtis):
    primary = fits.PrimaryHDU()
    h = primary.header
    h['ROOTNAME'] = root
    h['TARGNAME'] = target
    h['INSTRUME'] = 'STIS'
    h['DETECTOR'] = 'FUV-MAMA'
    h['OPT_ELEM'] = 'G140L'
    h['CENWAVE'] = 1425
    n = len(t)
    ev = fits.BinTableHDU.from_columns([
        fits.Column(name='TIME', format='D', unit='s', array=t),
        fits.Column(name='AXIS1', format='I', array=(np.arange(n) % 1024).astype(np.int16)),
        fits.Column(name='AXIS2', format='I', array=(np.arange(n) % 1024).astype(np.int16))])
    ev.header['EXTNAME'] = 'EVENTS'
    ev.header['EXPTIME'] = exptime
    ev.header['EXPSTART'] = expstart
    gti = fits.BinTableHDU.from_columns([fits.Column(name='START', format='D', array=[g[0] for g in gtis]),
                                         fits.Column(name='STOP', format='D', array=[g[1] for g in gtis])])
    gti.header['EXTNAME'] = 'GTI'
    fits.HDUList([primary, ev, gti]).writeto(path, overwrite=True)


def reference(t, dq, gtis, expstart, bin_s=1.0):
    t = np.asarray(t, dtype=np.float64)
    good = np.ones(len(t), bool) if dq is None else (dq.astype(np.int64) & SDQ) == 0
    counts, mids = [], []
    for start, stop in gtis:
        n = int(np.floor((stop - start) / bin_s + 1e-9))
        tt = t[good]
        k = np.floor((tt - start) / bin_s).astype(np.int64)
        inside = (tt >= start) & (k >= 0) & (k < n)
        counts.extend(np.bincount(k[inside], minlength=n).tolist())
        mids.extend((expstart + (start + (np.arange(n) + 0.5) * bin_s) / 86400.0).tolist())
    return {'counts': counts, 'mjd': mids}


def main(out):
    rng = np.random.default_rng(20261201)
    refs = {}
    gtis = [(0.0, 120.5), (150.0, 300.0)]
    for root, segment, expstart in (('la1a01abq', 'A', 55000.25), ('la1a01abq', 'B', 55000.25), ('la1a02acq', 'A', 55001.75)):
        t = events(rng, 300, 40, 37.0, gtis).astype(np.float32)
        dq = np.where(rng.uniform(0, 1, len(t)) < 0.05, 8, 0) | np.where(rng.uniform(0, 1, len(t)) < 0.05, 4, 0)
        name = '%s_corrtag_%s.fits' % (root, segment.lower())
        cos_file(os.path.join(out, name), root, 'TW-HYA', segment, expstart, 300.0, t, dq, gtis)
        refs[name] = reference(t, dq, gtis, expstart)
    t = events(rng, 200, 25, 20.0, [(0.0, 200.0)])
    stis_file(os.path.join(out, 'o5hn01010_tag.fits'), 'o5hn01010', 'V4046-SGR', 52000.5, 200.0, t, [(0.0, 200.0)])
    refs['o5hn01010_tag.fits'] = reference(t, None, [(0.0, 200.0)], 52000.5)
    # an x1d spectrum: not an event file, filed as it is
    spec = fits.BinTableHDU.from_columns([fits.Column(name='WAVELENGTH', format='D', array=np.linspace(1100, 1400, 10)),
                                          fits.Column(name='FLUX', format='D', array=np.ones(10))])
    prim = fits.PrimaryHDU()
    prim.header['TARGNAME'] = 'TW-HYA'
    prim.header['INSTRUME'] = 'COS'
    fits.HDUList([prim, spec]).writeto(os.path.join(out, 'la1a01abq_x1d.fits'), overwrite=True)
    # bad data
    t = events(rng, 100, 20, 10.0, [(0.0, 100.0)]).astype(np.float32)
    dq = np.zeros(len(t), int)
    cos_file(os.path.join(out, 'lbad01flg_corrtag_a.fits'), 'lbad01flg', 'TW-HYA', 'A', 55002.0, 100.0, t, dq, [(0, 100)], expflag='INTERRUPTED')
    cos_file(os.path.join(out, 'lbad02emp_corrtag_a.fits'), 'lbad02emp', 'TW-HYA', 'A', 55002.0, 100.0, np.array([], np.float32),
             np.array([], int), [(0, 100)])
    backwards = t.copy()
    backwards[10], backwards[11] = backwards[11] + 5, backwards[10]
    cos_file(os.path.join(out, 'lbad03bak_corrtag_a.fits'), 'lbad03bak', 'TW-HYA', 'A', 55002.0, 100.0, backwards, dq, [(0, 100)])
    cos_file(os.path.join(out, 'lbad04one_corrtag_a.fits'), 'lbad04one', 'TW-HYA', 'A', 55002.0, 100.0, np.full(len(t), 12.5, np.float32), dq,
             [(0, 100)])
    cos_file(os.path.join(out, 'lbad05sht_corrtag_a.fits'), 'lbad05sht', 'TW-HYA', 'A', 55002.0, 0.5, t[t < 0.5], dq[t < 0.5], [(0, 0.5)])
    whole = open(os.path.join(out, 'la1a01abq_corrtag_a.fits'), 'rb').read()
    open(os.path.join(out, 'lbad06trn_corrtag_a.fits'), 'wb').write(whole[:len(whole) // 2 + 100])
    with open(os.path.join(out, 'binning_reference.json'), 'w') as f:
        json.dump(refs, f)
    for name, r in refs.items():
        print('%-26s %4d bins, %6d counts' % (name, len(r['counts']), sum(r['counts'])))


if __name__ == '__main__':
    main(sys.argv[1])
