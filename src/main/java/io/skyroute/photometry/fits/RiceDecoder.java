package io.skyroute.photometry.fits;

/**
 * Decodes one RICE_1 compressed tile (the FITS tiled-image convention, as cfitsio's
 * {@code fits_rdecomp} writes it). nom-tam-fits decodes the same format, but through a bit buffer
 * over a {@code ByteBuffer} per tile; this works on the file's bytes directly, which is what makes
 * a whole frame decode in a few milliseconds.
 */
public final class RiceDecoder {

    /**
     * Count a code word's leading zeros from a table of bytes when only the C1 compiler runs (the JVM says
     * "emulated-client"; the launcher's quick mode): C1 does not intrinsify {@link Long#numberOfLeadingZeros},
     * a call costs ~3.9 ns there against ~1.5 ns for the table (decoding a frame: 33 -> 24.5 ms). C2 makes
     * it one instruction (~0.3 ns), faster than the table. A static final, so either JIT folds the choice.
     */
    private static final boolean ZEROS_BY_TABLE = System.getProperty("java.vm.info", "").contains("emulated-client");

    /** Leading zero bits of a non-zero byte. */
    private static final byte[] LEADING_ZEROS = new byte[256];

    static {
        for (int b = 1; b < 256; b++) {
            LEADING_ZEROS[b] = (byte) Integer.numberOfLeadingZeros(b << 24);
        }
    }

    private RiceDecoder() {
    }

    /**
     * Decodes {@code count} values into {@code out[outOffset..]}.
     *
     * @param bytesPerPixel 1, 2 or 4 (the {@code BYTEPIX} parameter)
     * @param blockSize     pixels per block (the {@code BLOCKSIZE} parameter, usually 32)
     * @return the bitwise OR of the decoded values: 0 when all are 0, which lets a mask skip its scan
     * @throws IllegalArgumentException when the tile ends early or is not RICE data
     */
    static int decode(byte[] in, int offset, int length, int bytesPerPixel, int blockSize, int[] out, int outOffset, int count) {
        try {
            return switch (bytesPerPixel) {
                case 4 -> decode(in, offset, length, 5, 25, 32, blockSize, out, outOffset, count);
                case 2 -> decode(in, offset, length, 4, 14, 16, blockSize, out, outOffset, count);
                case 1 -> decode(in, offset, length, 3, 6, 8, blockSize, out, outOffset, count);
                default -> throw new IllegalArgumentException("BYTEPIX " + bytesPerPixel + " is not 1, 2 or 4");
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            throw endsEarly(length, count);
        }
    }

    /**
     * The bit stream is read through a 64-bit accumulator ({@code acc}, whose low {@code avail} bits
     * are unread) refilled a byte at a time; runs of zero bits are counted with
     * {@link Long#numberOfLeadingZeros} (or, under C1 alone, {@link #LEADING_ZEROS}). Past the end the
     * stream reads as zeros, up to 8 bytes, so a damaged tile ends in an exception rather than a loop.
     * The refill is written out where it is needed: it changes three locals, and this is the hottest
     * loop of a frame.
     */
    private static int decode(byte[] in, int offset, int length, int fsBits, int fsMax, int bBits, int blockSize,
                               int[] out, int outOffset, int count) {
        int end = offset + length;
        int p = offset;
        int lastPixel = 0;
        for (int k = 0; k < bBits / 8; k++) {
            lastPixel = (lastPixel << 8) | (in[p++] & 0xff);
        }
        int mask = bBits == 32 ? -1 : (1 << bBits) - 1;
        long acc = 0;
        int avail = 0;
        int i = 0;
        int bits = 0;
        while (i < count) {
            if (avail < fsBits) {
                for (; avail <= 56; avail += 8) {
                    acc = (acc << 8) | (p < end ? in[p] & 0xff : 0);
                    p++;
                }
                if (p > end + 8) {
                    throw endsEarly(length, count);
                }
            }
            avail -= fsBits;
            int fs = (int) ((acc >>> avail) & ((1L << fsBits) - 1)) - 1;
            int blockEnd = Math.min(i + blockSize, count);
            if (fs < 0) {
                bits |= lastPixel;
                while (i < blockEnd) {
                    out[outOffset + i++] = lastPixel;
                }
            } else if (fs == fsMax) {
                for (; i < blockEnd; i++) {
                    if (avail < bBits) {
                        for (; avail <= 56; avail += 8) {
                            acc = (acc << 8) | (p < end ? in[p] & 0xff : 0);
                            p++;
                        }
                    }
                    avail -= bBits;
                    int diff = (int) (acc >>> avail) & mask;
                    lastPixel = (unmap(diff) + lastPixel) & mask;
                    bits |= lastPixel;
                    out[outOffset + i] = lastPixel;
                }
            } else {
                long fsMask = (1L << fs) - 1;
                for (; i < blockEnd; i++) {
                    if (avail < 32) {
                        for (; avail <= 56; avail += 8) {
                            acc = (acc << 8) | (p < end ? in[p] & 0xff : 0);
                            p++;
                        }
                        if (p > end + 8) {
                            throw endsEarly(length, count);
                        }
                    }
                    long top = acc << (64 - avail);
                    int zeros = ZEROS_BY_TABLE && (top >>> 56) != 0 ? LEADING_ZEROS[(int) (top >>> 56)] : Long.numberOfLeadingZeros(top);
                    int diff;
                    if (zeros + fs < avail) {
                        // the usual case: the run of zeros, its closing 1 and the fs low bits are all at hand
                        avail -= zeros + 1 + fs;
                        diff = (zeros << fs) | (int) ((acc >>> avail) & fsMask);
                    } else {
                        // a run of zeros longer than the accumulator holds, or a code word that straddles a refill
                        int nzero = 0;
                        while (true) {
                            if (avail == 0) {
                                for (; avail <= 56; avail += 8) {
                                    acc = (acc << 8) | (p < end ? in[p] & 0xff : 0);
                                    p++;
                                }
                                if (p > end + 8) {
                                    throw endsEarly(length, count);
                                }
                            }
                            top = acc << (64 - avail);
                            if (top != 0) {
                                zeros = Long.numberOfLeadingZeros(top);
                                nzero += zeros;
                                avail -= zeros + 1;
                                break;
                            }
                            nzero += avail;
                            avail = 0;
                        }
                        if (avail < fs) {
                            for (; avail <= 56; avail += 8) {
                                acc = (acc << 8) | (p < end ? in[p] & 0xff : 0);
                                p++;
                            }
                        }
                        avail -= fs;
                        diff = (nzero << fs) | (int) ((acc >>> avail) & fsMask);
                    }
                    lastPixel = (unmap(diff & mask) + lastPixel) & mask;
                    bits |= lastPixel;
                    out[outOffset + i] = lastPixel;
                }
            }
        }
        if (p > end + 8) {
            throw endsEarly(length, count);
        }
        return bits;
    }

    private static IllegalArgumentException endsEarly(int length, int count) {
        return new IllegalArgumentException("compressed tile ends early (" + length + " bytes for " + count + " pixels)");
    }

    /** Differences are stored folded to non-negative numbers: 0, -1, 1, -2, ... become 0, 1, 2, 3, ... */
    private static int unmap(int diff) {
        int half = diff >>> 1;
        return (diff & 1) == 0 ? half : ~half;
    }
}
