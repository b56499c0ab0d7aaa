#!/usr/bin/python3
"""Seed inputs for the fuzz tests (UntrustedFitsFuzzTest, ConfigFuzzTest), written with astropy so that the
fuzzer starts from well-formed FITS the way other tools write it: small tile-compressed images (RICE of
dithered floats as LCO writes them, of 32-bit integers, of an 8-bit mask), a plain image, and their header
blocks; two daemon configurations. Run from the project root: /usr/bin/python3 src/test/python/fuzz_seeds.py
"""
import io
import pathlib
import shutil

import numpy as np
from astropy.io import fits

ROOT = pathlib.Path("src/test/resources/io/skyroute")
FITS_DIR = ROOT / "photometry/fits/UntrustedFitsFuzzTestInputs"
CONFIG_DIR = ROOT / "config/ConfigFuzzTestInputs/daemonConfiguration"


def compressed(data, **options):
    hdus = fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(data=data, name="SCI", **options)])
    out = io.BytesIO()
    hdus.writeto(out)
    return out.getvalue()


def main():
    rng = np.random.default_rng(20261201)
    sky = (1000 + 30 * rng.standard_normal((24, 32))).astype(np.float32)
    sky[10:13, 14:17] += 5000  # a star
    seeds = {
        "rice-dithered-floats.fits.fz": compressed(sky, compression_type="RICE_1", quantize_level=16,
                                                   quantize_method=1, tile_shape=(1, 32)),
        "rice-int32.fits.fz": compressed((sky * 10).astype(np.int32), compression_type="RICE_1", tile_shape=(8, 32)),
        "rice-mask-uint8.fits.fz": compressed((sky > 2000).astype(np.uint8), compression_type="RICE_1"),
    }
    plain = io.BytesIO()
    fits.PrimaryHDU(data=sky).writeto(plain)
    seeds["plain-float.fits"] = plain.getvalue()
    for method in ("wholeFile", "headerCards"):
        (FITS_DIR / method).mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (FITS_DIR / "wholeFile" / name).write_bytes(data)
        (FITS_DIR / "headerCards" / (name + ".header")).write_bytes(data[:2880])
    CONFIG_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy("config/skyroute.yaml", CONFIG_DIR / "skyroute.yaml")
    (CONFIG_DIR / "minimal.yaml").write_text("data_dir: var\nsorting:\n  enabled: true\n")


if __name__ == "__main__":
    main()
