#!/usr/bin/python3
"""Reference values for the analysis tests, from numpy, scipy and astropy (independent of skyroute).

    /usr/bin/python3 src/test/python/analysis_reference.py src/test/resources/analysis

Cases:
  * every *_lc.ecsv in the folder: skyroute lightcurves of PDS 110 made from the 30 real LCO frames
    (magnitudes; flagged epochs dropped);
  * synthetic.csv, written here (numpy seed 20261201): 300 uneven epochs over 60 d, a 3.7 d sinusoid
    of 0.05 mag in noise with heteroscedastic errors;
  * pds110_rp_injected: the real rp lightcurve with a 1.37 d, 0.05 mag sinusoid added, searched up to
    2 cycles/day (its 15 epochs fall in 5 groups over 3.2 d: above that the aliases of the tight
    groups win; the peak can only be placed to within its width, 1/span = 0.32 cycles/day).
For each: statistics as defined in docs/analysis.md, the frequency grid by the documented rule and
astropy's LombScargle (exact 'cython' method, floating mean, standard normalisation) on it, and the
Baluev false-alarm probability of the highest peak. Writes reference_stats.json and
reference_power_<case>.csv (frequency, power).
"""
import csv
import json
import os
import sys

import numpy as np
from astropy.stats import sigma_clipped_stats
from astropy.table import Table
from astropy.timeseries import LombScargle
from astropy.timeseries.periodograms.lombscargle._statistics import fap_baluev
from scipy import stats

SAMPLES_PER_PEAK = 5.0
MAX_FREQUENCY = 48.0
MAX_COUNT = 200000


def grid(t, max_frequency=MAX_FREQUENCY):
    t = np.sort(t)
    span = t[-1] - t[0]
    gaps = np.diff(t)
    gaps = gaps[gaps > 0]
    step = 1.0 / (SAMPLES_PER_PEAK * span)
    top = min(0.5 / np.median(gaps), max_frequency)
    if top <= step:
        top = 2 * step
    count = int(np.floor((top - step) / step)) + 1
    if count > MAX_COUNT:
        step = (top - step) / (MAX_COUNT - 1)
        count = MAX_COUNT
    return step + step * np.arange(count)


def describe(name, t, y, dy, out_dir, magnitudes=True, max_frequency=MAX_FREQUENCY):
    order = np.argsort(t)
    t, y, dy = t[order], y[order], dy[order]
    n = len(t)
    w = 1 / dy**2
    wmean = np.sum(w * y) / np.sum(w)
    var = np.var(y, ddof=1)
    excess = var - np.mean(dy**2)
    if not magnitudes:
        excess /= np.mean(y) ** 2
    cmean, cmedian, cstd = sigma_clipped_stats(y, sigma=3, maxiters=5)
    r, p = stats.pearsonr(t, y)
    von_neumann = np.sum(np.diff(y) ** 2) / (n - 1) / var
    freq = grid(t, max_frequency)
    ls = LombScargle(t, y, dy, fit_mean=True, center_data=True, normalization='standard')
    power = ls.power(freq, method='cython')
    best = int(np.argmax(power))
    # astropy's Baluev bound itself: LombScargle.false_alarm_probability would round the highest frequency
    # to its own autofrequency grid (which starts at half a step), so the statistics function is called with ours
    fap = float(fap_baluev(power[best], freq[-1], t - t[0], y, dy, normalization='standard'))
    with open(os.path.join(out_dir, 'reference_power_%s.csv' % name), 'w', newline='') as f:
        out = csv.writer(f)
        out.writerow(['frequency', 'power'])
        for fr, pw in zip(freq, power):
            out.writerow(['%.17g' % fr, '%.17g' % pw])
    return {
        'points': n, 'span': float(t[-1] - t[0]), 'cadence': float(np.median(np.diff(t))),
        'mean': float(np.mean(y)), 'weighted_mean': float(wmean), 'median': float(np.median(y)),
        'clipped_mean': float(cmean), 'robust_rms': float(cstd), 'chi2_red': float(np.sum(((y - wmean) / dy) ** 2) / (n - 1)),
        'excess_variance': float(excess), 'pearson_r': float(r), 'pearson_p': float(p), 'von_neumann': float(von_neumann),
        'grid_step': float(freq[1] - freq[0]), 'grid_count': len(freq), 'max_frequency': max_frequency,
        'best_period': float(1 / freq[best]), 'best_power': float(power[best]), 'fap': fap,
    }


def tess_columns(t, y, dy):
    """The synthetic set as a TESS-like flux lightcurve: every 25th epoch has QUALITY set, epoch 7's background is 50x."""
    flux = 1000 * 10 ** (-0.4 * (y - 15))
    flux_err = flux * dy * np.log(10) / 2.5
    quality = np.zeros(len(t), dtype=np.int32)
    quality[::25] = 128
    return flux, flux_err, quality, 7


def write_tess_like(path, t, y, dy):
    from astropy.io import fits
    flux, flux_err, quality, sky_spike = tess_columns(t, y, dy)
    sky = np.full(len(t), 40.0) + np.sin(np.arange(len(t))) * 0.5
    sky[sky_spike] = 2000.0
    rng = np.random.default_rng(7)
    columns = [fits.Column(name='TIME', format='D', array=t - 57000, unit='BJD - 2457000, days'),
               fits.Column(name='SAP_FLUX', format='E', array=flux, unit='e-/s'),
               fits.Column(name='SAP_BKG', format='E', array=sky, unit='e-/s'),
               fits.Column(name='PDCSAP_FLUX', format='E', array=flux, unit='e-/s'),
               fits.Column(name='PDCSAP_FLUX_ERR', format='E', array=flux_err, unit='e-/s'),
               fits.Column(name='QUALITY', format='J', array=quality),
               fits.Column(name='MOM_CENTR1', format='D', array=1000 + rng.normal(0, 0.01, len(t))),
               fits.Column(name='MOM_CENTR2', format='D', array=500 + rng.normal(0, 0.01, len(t)))]
    primary = fits.PrimaryHDU()
    primary.header['OBJECT'] = 'TIC 12345678'
    primary.header['TELESCOP'] = 'TESS'
    table = fits.BinTableHDU.from_columns(columns)
    table.header['EXTNAME'] = 'LIGHTCURVE'
    table.header['TIMEDEL'] = 0.0013888888888889
    fits.HDUList([primary, table]).writeto(path, overwrite=True)


def read_ecsv(path):
    table = Table.read(path, format='ascii.ecsv')
    good = (table['flags'] == 0) & np.isfinite(table['mag']) & np.isfinite(table['mag_err']) & (table['mag_err'] > 0)
    table = table[good]
    return np.array(table['mjd'], float), np.array(table['mag'], float), np.array(table['mag_err'], float)


def main(out_dir):
    results = {}
    for name in sorted(os.listdir(out_dir)):
        if name.endswith('_lc.ecsv'):
            t, y, dy = read_ecsv(os.path.join(out_dir, name))
            results[name] = describe(name[:-len('.ecsv')], t, y, dy, out_dir)
    rp = [n for n in sorted(os.listdir(out_dir)) if n.endswith('_rp_lc.ecsv')][0]
    t, y, dy = read_ecsv(os.path.join(out_dir, rp))
    results['pds110_rp_injected'] = describe('pds110_rp_injected', t, y + 0.05 * np.sin(2 * np.pi * (t - t.min()) / 1.37), dy, out_dir,
                                             max_frequency=2.0)
    results['pds110_rp_injected']['injected_period'] = 1.37
    rng = np.random.default_rng(20261201)
    t = np.sort(rng.uniform(0, 60, 300)) + 58000
    dy = rng.uniform(0.005, 0.02, 300)
    y = 15 + 0.05 * np.sin(2 * np.pi * t / 3.7) + rng.normal(0, 1, 300) * dy
    with open(os.path.join(out_dir, 'synthetic.csv'), 'w', newline='') as f:
        out = csv.writer(f)
        out.writerow(['time', 'filter', 'magnitude', 'error'])
        for row in zip(t, y, dy):
            out.writerow(['%.17g' % row[0], 'V', '%.17g' % row[1], '%.17g' % row[2]])
    results['synthetic'] = describe('synthetic', t, y, dy, out_dir)
    results['synthetic']['injected_period'] = 3.7
    write_tess_like(os.path.join(out_dir, 'tess_like_lc.fits'), t, y, dy)
    flux, flux_err, quality, sky_spike = tess_columns(t, y, dy)
    keep = (quality == 0)
    keep[sky_spike] = False
    as_stored = lambda a: a.astype(np.float32).astype(float)   # the file holds them as 32-bit floats (format E)
    results['tess_like_lc.fits'] = describe('tess_like', t[keep] - 57000, as_stored(flux[keep]), as_stored(flux_err[keep]), out_dir,
                                            magnitudes=False)
    results['tess_like_lc.fits']['flagged'] = int(len(t) - keep.sum())
    with open(os.path.join(out_dir, 'reference_stats.json'), 'w') as f:
        json.dump(results, f, indent=2, sort_keys=True)
    for name, r in results.items():
        print('%-28s n=%3d chi2=%.3f period=%.4f power=%.4f fap=%.3g' % (name, r['points'], r['chi2_red'], r['best_period'],
                                                                          r['best_power'], r['fap']))


if __name__ == '__main__':
    main(sys.argv[1])
