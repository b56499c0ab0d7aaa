#!/usr/bin/python3
"""Real-size frames for the memory and speed benchmark (issue 42, item 4): LCO's 1 m Sinistro cameras write
4096 x 4096 images with SCI, BPM and ERR planes, fpacked. This makes such frames from the sample frames of
PDS 110 (samples/frames, 1523 x 1020): the science image resampled by the same factor on both axes (stars stay
stars, four times wider) and cut to 4096 x 4096, the WCS scaled and shifted to match, a bad-pixel mask resampled
nearest-neighbour, an ERR plane from the CCD equation, and the catalogue copied; written tile-compressed (RICE,
SUBTRACTIVE_DITHER_1, q = 16, as LCO's pipeline does) with astropy.

    /usr/bin/python3 src/test/python/real_size_frames.py OUT_DIR [COUNT]

Nothing is committed: the frames are ~80 MB each; the benchmark makes them (docs/benchmarks.md).
"""
import glob
import os
import sys

import numpy as np
from astropy.io import fits
from scipy import ndimage

SIZE = 4096


def real_size(source, target, serial):
    with fits.open(source) as hdus:
        sci = hdus['SCI']
        header = sci.header.copy()
        data = sci.data.astype(np.float32)
        zoom = SIZE / min(data.shape)
        big = ndimage.zoom(data, zoom, order=1)[:SIZE, :SIZE].astype(np.float32)
        mask = ndimage.zoom(hdus['BPM'].data, zoom, order=0)[:SIZE, :SIZE].astype(np.uint8)
        gain = float(header.get('GAIN', 1.0)) or 1.0
        noise = float(header.get('RDNOISE', 10.0))
        err = np.sqrt(np.clip(big, 0, None) / gain + noise ** 2).astype(np.float32)
        for key in ('CRPIX1', 'CRPIX2'):
            header[key] = (header[key] - 0.5) * zoom + 0.5
        for key in ('CD1_1', 'CD1_2', 'CD2_1', 'CD2_2'):
            if key in header:
                header[key] = header[key] / zoom
        header['NAXIS1'] = SIZE
        header['NAXIS2'] = SIZE
        header['ORIGNAME'] = os.path.basename(source)
        header['FRAMENUM'] = serial
        out = fits.HDUList([
            fits.PrimaryHDU(),
            fits.CompImageHDU(big, header=header, name='SCI', compression_type='RICE_1', quantize_level=16,
                              quantize_method=1, dither_seed=serial + 1),
            hdus['CAT'].copy(),
            fits.CompImageHDU(mask, name='BPM', compression_type='RICE_1'),
            fits.CompImageHDU(err, name='ERR', compression_type='RICE_1', quantize_level=16, quantize_method=1,
                              dither_seed=serial + 7),
        ])
        out.writeto(target, overwrite=True)


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    os.makedirs(out, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    sources = sorted(glob.glob(os.path.join(here, '..', '..', '..', 'samples', 'frames', '*-e91.fits.fz')))
    for i in range(count):
        source = sources[i % len(sources)]
        name = os.path.basename(source).replace('-e91.fits.fz', '-4k%02d-e91.fits.fz' % i)
        real_size(source, os.path.join(out, name), i)
        print(os.path.join(out, name))


if __name__ == '__main__':
    main()
