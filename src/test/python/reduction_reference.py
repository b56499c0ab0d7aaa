#!/usr/bin/python3
"""Reference lightcurve of PDS 110 for the reduction tests, with photutils (independent of skyroute).

    /usr/bin/python3 src/test/python/reduction_reference.py samples/frames src/test/resources/reduction

For every rp frame: all_world2pix of PDS 110 and the comparison stars C1, C2; exact apertures of
6 px; sky = median of the 12-18 px annulus; flux = sum - sky * pi r^2 (no pixel masked, as the data
set's README measured it). Writes reference_lightcurve.csv: file, mjd (MJD-OBS), ratio =
PDS110 / (C1 + C2), relative = ratio / mean(ratio); and prints the normalised rms.
"""
import csv
import glob
import math
import os
import sys

import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from photutils.aperture import ApertureStats, CircularAnnulus, CircularAperture, aperture_photometry

STARS = [('PDS110', 80.879142, -1.073338), ('C1', 80.965269, -1.386212), ('C2', 80.859825, -1.327019)]
R, R_IN, R_OUT = 6.0, 12.0, 18.0


def main(frames_dir, out_dir):
    rows = []
    for path in sorted(glob.glob(os.path.join(frames_dir, '*.fits.fz'))):
        with fits.open(path) as hdus:
            header = hdus['SCI'].header
            if header['FILTER'] != 'rp':
                continue
            data = hdus['SCI'].data.astype(np.float64)
        x, y = WCS(header).all_world2pix([s[1] for s in STARS], [s[2] for s in STARS], 0)
        positions = np.c_[x, y]
        sums = aperture_photometry(data, CircularAperture(positions, R), method='exact')['aperture_sum']
        sky = ApertureStats(data, CircularAnnulus(positions, R_IN, R_OUT)).median
        flux = np.array(sums) - sky * math.pi * R * R
        rows.append((os.path.basename(path), header['MJD-OBS'], flux[0] / (flux[1] + flux[2])))
    mean = np.mean([r[2] for r in rows])
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'reference_lightcurve.csv'), 'w', newline='') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(('file', 'mjd', 'ratio', 'relative'))
        for name, mjd, ratio in rows:
            writer.writerow((name, repr(float(mjd)), repr(float(ratio)), repr(float(ratio / mean))))
    print('frames %d, normalised rms %.5f' % (len(rows), np.std([r[2] for r in rows]) / mean))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
