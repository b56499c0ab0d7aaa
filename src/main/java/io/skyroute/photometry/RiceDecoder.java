package io.skyroute.photometry;

/**
 * Decodes one RICE_1 compressed tile (the FITS tiled-image convention, as cfitsio's
 * {@code fits_rdecomp} writes it). nom-tam-fits decodes the same format, but through a bit buffer
 * over a {@code ByteBuffer} per tile; this works on the file's bytes directly, which is what makes
 * a whole frame decode in a few milliseconds.
 */
final class RiceDecoder {

    private RiceDecoder() {
    }

    /**
     * Decodes {@code count} values into {@code out[outOffset..]}.
     *
     * @param bytesPerPixel 1, 2 or 4 (the {@code BYTEPIX} parameter)
     * @param blockSize     pixels per block (the {@code BLOCKSIZE} parameter, usually 32)
     * @throws IllegalArgumentException when the tile ends early or is not RICE data
     */
    static void decode(byte[] in, int offset, int length, int bytesPerPixel, int blockSize, int[] out, int outOffset, int count) {
        try {
            switch (bytesPerPixel) {
                case 4 -> decode(in, offset, length, 5, 25, 32, blockSize, out, outOffset, count);
                case 2 -> decode(in, offset, length, 4, 14, 16, blockSize, out, outOffset, count);
                case 1 -> decode(in, offset, length, 3, 6, 8, blockSize, out, outOffset, count);
                default -> throw new IllegalArgumentException("BYTEPIX " + bytesPerPixel + " is not 1, 2 or 4");
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("compressed tile ends early (" + length + " bytes for " + count + " pixels)");
        }
    }

    private static void decode(byte[] in, int offset, int length, int fsBits, int fsMax, int bBits, int blockSize,
                               int[] out, int outOffset, int count) {
        int end = offset + length;
        int p = offset;
        int bytes = bBits / 8;
        int lastPixel = 0;
        for (int k = 0; k < bytes; k++) {
            lastPixel = (lastPixel << 8) | (in[p++] & 0xff);
        }
        int mask = bBits == 32 ? -1 : (1 << bBits) - 1;
        int b = in[p++] & 0xff;
        int nbits = 8;
        int i = 0;
        while (i < count) {
            nbits -= fsBits;
            while (nbits < 0) {
                b = (b << 8) | (in[p++] & 0xff);
                nbits += 8;
            }
            int fs = (b >>> nbits) - 1;
            b &= (1 << nbits) - 1;
            int blockEnd = Math.min(i + blockSize, count);
            if (fs < 0) {
                while (i < blockEnd) {
                    out[outOffset + i++] = lastPixel;
                }
            } else if (fs == fsMax) {
                for (; i < blockEnd; i++) {
                    int k = bBits - nbits;
                    int diff = k >= 32 ? 0 : b << k;
                    for (k -= 8; k >= 0; k -= 8) {
                        diff |= (in[p++] & 0xff) << k;
                    }
                    if (nbits > 0) {
                        b = in[p++] & 0xff;
                        diff |= b >>> (-k);
                        b &= (1 << nbits) - 1;
                    } else {
                        b = 0;
                    }
                    lastPixel = (unmap(diff & mask) + lastPixel) & mask;
                    out[outOffset + i] = lastPixel;
                }
            } else {
                for (; i < blockEnd; i++) {
                    while (b == 0) {
                        nbits += 8;
                        b = in[p++] & 0xff;
                    }
                    int nzero = nbits - (32 - Integer.numberOfLeadingZeros(b));
                    nbits -= nzero + 1;
                    b ^= 1 << nbits;
                    nbits -= fs;
                    while (nbits < 0) {
                        b = (b << 8) | (in[p++] & 0xff);
                        nbits += 8;
                    }
                    int diff = (nzero << fs) | (b >>> nbits);
                    b &= (1 << nbits) - 1;
                    lastPixel = (unmap(diff & mask) + lastPixel) & mask;
                    out[outOffset + i] = lastPixel;
                }
            }
            if (p > end) {
                throw new IllegalArgumentException("compressed tile ends early (" + length + " bytes for " + count + " pixels)");
            }
        }
    }

    /** Differences are stored folded to non-negative numbers: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... */
    private static int unmap(int diff) {
        int half = diff >>> 1;
        return (diff & 1) == 0 ? half : ~half;
    }
}
