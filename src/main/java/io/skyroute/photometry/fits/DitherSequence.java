package io.skyroute.photometry.fits;

/**
 * The pseudo-random sequence the FITS tiled-image convention uses to dither quantized floating-point
 * pixels (10,000 values from a Park-Miller generator, stored as floats, exactly as cfitsio builds it).
 */
public final class DitherSequence {

    static final int SIZE = 10_000;
    private static final float[] VALUES = build();
    /**
     * {@code 0.5 - r} per entry, in double: {@code q - r + 0.5} and {@code q + (0.5 - r)} are both exact
     * in double precision for 32-bit q and float r, so this gives cfitsio's result with one add less.
     */
    private static final double[] OFFSETS = offsets();

    private DitherSequence() {
    }

    private static float[] build() {
        float[] values = new float[SIZE];
        double a = 16807.0;
        double m = 2147483647.0;
        double seed = 1;
        for (int i = 0; i < SIZE; i++) {
            double temp = a * seed;
            seed = temp - m * (int) (temp / m);
            values[i] = (float) (seed / m);
        }
        return values;
    }

    private static double[] offsets() {
        double[] offsets = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            offsets[i] = 0.5 - (double) VALUES[i];
        }
        return offsets;
    }

    /**
     * Restores quantized pixels of one tile: {@code (q - r + 0.5) * scale + zero}, r running through the
     * sequence from the tile's starting point ({@code tile} 0-based, {@code ZDITHER0} 1-based).
     * {@code zeroValue} marks exact zeros (SUBTRACTIVE_DITHER_2), {@code blank} marks NaNs; pass
     * {@link Long#MIN_VALUE} when the image has none.
     */
    static void unquantize(int[] quantized, int from, int count, int tile, int ditherSeed, double scale, double zero,
                           long zeroValue, long blank, float[] out, int outFrom) {
        int seedIndex = (int) (((long) tile + ditherSeed - 1) % SIZE);
        int next = (int) (VALUES[seedIndex] * 500);
        boolean special = zeroValue != Long.MIN_VALUE || blank != Long.MIN_VALUE;
        int i = 0;
        while (i < count) {
            // runs up to the end of the sequence, so the common loop has no branch in it
            int run = Math.min(count - i, SIZE - next);
            if (special) {
                for (int k = 0; k < run; k++) {
                    int q = quantized[from + i + k];
                    out[outFrom + i + k] = q == blank ? Float.NaN : q == zeroValue ? 0.0f
                            : (float) ((q + OFFSETS[next + k]) * scale + zero);
                }
            } else {
                for (int k = 0; k < run; k++) {
                    out[outFrom + i + k] = (float) ((quantized[from + i + k] + OFFSETS[next + k]) * scale + zero);
                }
            }
            i += run;
            next += run;
            if (next == SIZE) {
                seedIndex = (seedIndex + 1) % SIZE;
                next = (int) (VALUES[seedIndex] * 500);
            }
        }
    }
}
