#!/usr/bin/python3
"""Writes the hostile input corpus the safety tests feed skyroute (src/test/resources/hostile/).

Each file is small and describes one way a frame can be wrong. Run with Debian's python3-astropy:
    /usr/bin/python3 src/test/python/hostile_corpus.py
The files are committed; the tests never run this script.
"""
import os
import sys

import numpy as np
from astropy.io import fits

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "hostile")


def header(obj="HOSTILE"):
    h = fits.Header()
    h["OBJECT"] = obj
    h["INSTRUME"] = "kb82"
    h["FILTER"] = "rp"
    h["OBSTYPE"] = "EXPOSE"
    h["RLEVEL"] = 91
    h["RA"] = "05:23:31.0"
    h["DEC"] = "-01:04:24"
    h["DATE-OBS"] = "2017-08-16T15:08:56.000"
    h["DAY-OBS"] = "20170816"
    h["EXPTIME"] = 60.0
    h["WCSERR"] = 0
    return h


def compressed(path, obj="HOSTILE"):
    data = (np.arange(64 * 64, dtype=np.float32).reshape(64, 64) % 97) + 1000.0
    hdu = fits.CompImageHDU(data=data, header=header(obj), compression_type="RICE_1", name="SCI")
    fits.HDUList([fits.PrimaryHDU(header=header(obj)), hdu]).writeto(path, overwrite=True)


def patch(path, key, value):
    """Rewrites one card's value in place (same 80 bytes), as a crafted file would carry it."""
    raw = bytearray(open(path, "rb").read())
    for start in range(0, len(raw), 80):
        if raw[start:start + 8].decode("ascii", "replace").rstrip() == key:
            card = f"{key:<8}= {value:>20}".ljust(80).encode("ascii")
            raw[start:start + 80] = card
            open(path, "wb").write(bytes(raw))
            return
    sys.exit(f"{path}: no {key}")


def main():
    os.makedirs(OUT, exist_ok=True)
    open(os.path.join(OUT, "empty.fits"), "wb").close()

    compressed(os.path.join(OUT, "znaxis-40000.fits.fz"))
    patch(os.path.join(OUT, "znaxis-40000.fits.fz"), "ZNAXIS1", 40000)
    patch(os.path.join(OUT, "znaxis-40000.fits.fz"), "ZNAXIS2", 40000)

    compressed(os.path.join(OUT, "znaxis-2e9.fits.fz"))
    patch(os.path.join(OUT, "znaxis-2e9.fits.fz"), "ZNAXIS1", 2000000000)
    patch(os.path.join(OUT, "znaxis-2e9.fits.fz"), "ZNAXIS2", 2000000000)

    # OBJECT of 5,000 characters (FITS long-string CONTINUE cards): as a directory name it is far too long
    compressed(os.path.join(OUT, "long-object.fits.fz"), obj="X" * 5000)

    compressed(os.path.join(OUT, "truncated.fits.fz"))
    whole = open(os.path.join(OUT, "truncated.fits.fz"), "rb").read()
    open(os.path.join(OUT, "truncated.fits.fz"), "wb").write(whole[: len(whole) - 3000])

    rng = np.random.default_rng(14)
    open(os.path.join(OUT, "garbage.fits"), "wb").write(rng.integers(0, 256, 5760, dtype=np.uint8).tobytes())
    open(os.path.join(OUT, "text.fits"), "w").write("this is not a FITS file\n")

    print("\n".join(sorted(os.listdir(OUT))))


if __name__ == "__main__":
    main()
