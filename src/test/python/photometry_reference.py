#!/usr/bin/python3
"""Reference numbers for the photometry core, computed with astropy and photutils.

The Java tests compare against the CSV files this writes; nothing here uses skyroute code.
Run with Debian's packages (python3-astropy, python3-photutils):

    /usr/bin/python3 src/test/python/photometry_reference.py \
        src/test/resources/frames src/test/resources/photometry

It writes:
  stars.csv           name,ra,dec: PDS 110, two comparison stars and every FLAG=0 source of
                      the reference frame's own pipeline catalogue
  forced.csv          per frame and star inside it: all_world2pix position (0-based), exact
                      aperture sum (r=6 px, BPM masked), annulus median (12-18 px, pixel centres,
                      BPM masked), flux = sum - median * pi r^2, and the annulus' 3-sigma
                      clipped mean (5 iterations)
  wcs_grid.csv        all_pix2world on a grid of pixels of every frame
  sip_header.txt      a TAN-SIP header (the first frame's WCS plus distortion terms)
  sip_points.csv      all_pix2world / all_world2pix through that SIP header
  background.csv      sigma_clipped_stats(sigma=3, maxiters=5) of every frame (BPM masked)
  mesh.csv            Background2D(64x64 boxes, MedianBackground, 3x3 filter) mesh of one frame
  times.csv           MJD-OBS mid-exposure as BJD_TDB and HJD_UTC (astropy, site from header)
  decoded.csv         md5 of the SCI pixels as astropy (cfitsio) decompresses them (big-endian
                      float32) and the number of non-zero BPM pixels
"""
import csv
import glob
import hashlib
import math
import os
import sys

import numpy as np
from astropy import units as u
from astropy.coordinates import EarthLocation, SkyCoord
from astropy.io import fits
from astropy.stats import SigmaClip, sigma_clipped_stats
from astropy.time import Time
from astropy.wcs import WCS
from photutils.aperture import (ApertureStats, CircularAnnulus, CircularAperture,
                                aperture_photometry)
from photutils.background import Background2D, MedianBackground

REFERENCE_FRAME = 'ogg0m404-kb82-20170815-1160-e91.fits.fz'
TARGET = ('PDS110', 80.879142, -1.073338)
COMPARISONS = [('C1', 80.965269, -1.386212), ('C2', 80.859825, -1.327019)]
R, R_IN, R_OUT = 6.0, 12.0, 18.0


def open_frame(path):
    hdus = fits.open(path)
    sci = hdus['SCI']
    return hdus, sci.data.astype(np.float64), sci.header, hdus['BPM'].data != 0


def inside(x, y, width, height):
    return (x >= -0.5) & (x < width - 0.5) & (y >= -0.5) & (y < height - 0.5)


def write(path, header, rows):
    with open(path, 'w', newline='') as out:
        writer = csv.writer(out, lineterminator='\n')
        writer.writerow(header)
        writer.writerows(rows)


def stars(frames_dir):
    cat = fits.open(os.path.join(frames_dir, REFERENCE_FRAME))['CAT'].data
    rows = [TARGET] + COMPARISONS
    for i, source in enumerate(cat):
        if source['FLAG'] == 0:
            rows.append(('S%03d' % (i + 1), float(source['RA']), float(source['DEC'])))
    return rows


def forced(frames, star_rows):
    ra = np.array([s[1] for s in star_rows])
    dec = np.array([s[2] for s in star_rows])
    rows = []
    for path in frames:
        _, data, header, mask = open_frame(path)
        x, y = WCS(header).all_world2pix(ra, dec, 0)
        keep = inside(x, y, data.shape[1], data.shape[0])
        positions = np.c_[x[keep], y[keep]]
        aperture = CircularAperture(positions, R)
        annulus = CircularAnnulus(positions, R_IN, R_OUT)
        sums = aperture_photometry(data, aperture, method='exact', mask=mask)['aperture_sum']
        sky = ApertureStats(data, annulus, mask=mask).median
        clipped = ApertureStats(data, annulus, mask=mask, sigma_clip=SigmaClip(sigma=3.0, maxiters=5)).mean
        names = [s[0] for s, k in zip(star_rows, keep) if k]
        for name, (px, py), total, median, mean in zip(names, positions, sums, sky, clipped):
            rows.append((os.path.basename(path), name, repr(float(px)), repr(float(py)),
                         repr(float(total)), repr(float(median)),
                         repr(float(total - median * math.pi * R * R)), repr(float(mean))))
    return rows


def wcs_grid(frames):
    rows = []
    for path in frames:
        _, data, header, _ = open_frame(path)
        wcs = WCS(header)
        for px in (0.0, 100.25, 761.0, 1200.5, 1522.0):
            for py in (0.0, 300.75, 509.5, 1019.0):
                ra, dec = wcs.all_pix2world([[px, py]], 0)[0]
                rows.append((os.path.basename(path), px, py, repr(float(ra)), repr(float(dec))))
    return rows


def sip(frames, out_dir):
    header = WCS(fits.open(frames[0])['SCI'].header).to_header()
    header['CTYPE1'] = 'RA---TAN-SIP'
    header['CTYPE2'] = 'DEC--TAN-SIP'
    header['A_ORDER'] = 3
    header['B_ORDER'] = 3
    terms = {'A_2_0': 2.1e-6, 'A_1_1': -1.3e-6, 'A_0_2': 8.0e-7, 'A_3_0': 4.0e-10, 'A_1_2': -2.5e-10,
             'B_2_0': -9.0e-7, 'B_1_1': 1.7e-6, 'B_0_2': 3.1e-6, 'B_0_3': -3.0e-10, 'B_2_1': 1.5e-10}
    for key, value in terms.items():
        header[key] = value
    wcs = WCS(header)
    header = wcs.to_header(relax=True)
    with open(os.path.join(out_dir, 'sip_header.txt'), 'w') as out:
        out.write(header.tostring(sep='\n'))
        out.write('\n')
    rows = []
    for px in (0.0, 250.5, 761.0, 1400.25, 1522.0):
        for py in (0.0, 400.5, 1019.0):
            ra, dec = wcs.all_pix2world([[px, py]], 0)[0]
            back = wcs.all_world2pix([[ra, dec]], 0, tolerance=1e-10, maxiter=100)[0]
            rows.append((px, py, repr(float(ra)), repr(float(dec)), repr(float(back[0])), repr(float(back[1]))))
    return rows


def background(frames):
    rows = []
    for path in frames:
        _, data, _, mask = open_frame(path)
        mean, median, std = sigma_clipped_stats(data, mask=mask, sigma=3.0, maxiters=5)
        rows.append((os.path.basename(path), repr(float(mean)), repr(float(median)), repr(float(std))))
    return rows


def mesh(frames):
    _, data, _, mask = open_frame(frames[0])
    bkg = Background2D(data, (64, 64), filter_size=(3, 3), mask=mask, sigma_clip=SigmaClip(sigma=3.0, maxiters=10),
                       bkg_estimator=MedianBackground(), exclude_percentile=100.0, edge_method='pad')
    rows = []
    for j in range(bkg.background_mesh.shape[0]):
        for i in range(bkg.background_mesh.shape[1]):
            rows.append((os.path.basename(frames[0]), i, j, repr(float(bkg.background_mesh[j, i]))))
    return rows


def times(frames):
    rows = []
    target = SkyCoord(TARGET[1] * u.deg, TARGET[2] * u.deg)
    for path in frames:
        _, _, header, _ = open_frame(path)
        site = EarthLocation.from_geodetic(header['LONGITUD'] * u.deg, header['LATITUDE'] * u.deg,
                                           header['HEIGHT'] * u.m)
        mid = Time(header['MJD-OBS'], format='mjd', scale='utc', location=site) + header['EXPTIME'] / 2 * u.s
        bjd = mid.tdb + mid.light_travel_time(target, kind='barycentric')
        hjd = mid.utc + mid.light_travel_time(target, kind='heliocentric')
        rows.append((os.path.basename(path), repr(float(mid.mjd)), repr(float(bjd.jd)), repr(float(hjd.jd))))
    return rows


def decoded(frames):
    rows = []
    for path in frames:
        hdus = fits.open(path)
        pixels = hdus['SCI'].data.astype('>f4').tobytes()
        rows.append((os.path.basename(path), hashlib.md5(pixels).hexdigest(), int((hdus['BPM'].data != 0).sum())))
    return rows


def main(frames_dir, out_dir):
    frames = sorted(glob.glob(os.path.join(frames_dir, '*.fits.fz')))
    star_rows = stars(frames_dir)
    write(os.path.join(out_dir, 'stars.csv'), ('name', 'ra', 'dec'), [(n, repr(r), repr(d)) for n, r, d in star_rows])
    write(os.path.join(out_dir, 'forced.csv'), ('file', 'name', 'x', 'y', 'aperture_sum', 'sky', 'flux', 'sky_clipped_mean'),
          forced(frames, star_rows))
    write(os.path.join(out_dir, 'wcs_grid.csv'), ('file', 'x', 'y', 'ra', 'dec'), wcs_grid(frames))
    write(os.path.join(out_dir, 'sip_points.csv'), ('x', 'y', 'ra', 'dec', 'x_back', 'y_back'), sip(frames, out_dir))
    write(os.path.join(out_dir, 'background.csv'), ('file', 'mean', 'median', 'std'), background(frames))
    write(os.path.join(out_dir, 'mesh.csv'), ('file', 'i', 'j', 'median'), mesh(frames))
    write(os.path.join(out_dir, 'decoded.csv'), ('file', 'sci_md5', 'bad_pixels'), decoded(frames))
    write(os.path.join(out_dir, 'times.csv'), ('file', 'mjd_mid', 'bjd_tdb', 'hjd_utc'), times(frames))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
