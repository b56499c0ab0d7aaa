#!/usr/bin/python3
"""The photutils+astropy equivalent of `skyroute photometry` (for the side-by-side benchmark).

    /usr/bin/python3 src/test/python/photutils_forced.py STARS.csv R RIN ROUT OUT.csv FRAME...

Per frame: SCI + BPM, all_world2pix of every star, exact aperture sum, annulus median, CSV row.
"""
import csv
import math
import os
import sys

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from photutils.aperture import ApertureStats, CircularAnnulus, CircularAperture, aperture_photometry


def main(stars_csv, r, r_in, r_out, out_csv, frames):
    with open(stars_csv) as f:
        stars = list(csv.DictReader(f))
    ra = np.array([float(s['ra']) for s in stars])
    dec = np.array([float(s['dec']) for s in stars])
    with open(out_csv, 'w', newline='') as out:
        writer = csv.writer(out)
        writer.writerow(['file', 'name', 'x', 'y', 'flux', 'sky', 'mjd', 'filter'])
        for path in frames:
            with fits.open(path) as hdus:
                header = hdus['SCI'].header
                data = hdus['SCI'].data.astype(np.float64)
                mask = hdus['BPM'].data != 0
            x, y = WCS(header).all_world2pix(ra, dec, 0)
            keep = (x >= -0.5) & (x < data.shape[1] - 0.5) & (y >= -0.5) & (y < data.shape[0] - 0.5)
            positions = np.c_[x[keep], y[keep]]
            sums = aperture_photometry(data, CircularAperture(positions, r), method='exact', mask=mask)['aperture_sum']
            sky = ApertureStats(data, CircularAnnulus(positions, r_in, r_out), mask=mask).median
            names = [s['name'] for s, k in zip(stars, keep) if k]
            for name, (px, py), total, median in zip(names, positions, sums, sky):
                writer.writerow([os.path.basename(path), name, px, py, total - median * math.pi * r * r, median,
                                 header['MJD-OBS'], header['FILTER']])


if __name__ == '__main__':
    main(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6:])
