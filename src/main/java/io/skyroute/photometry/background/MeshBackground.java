package io.skyroute.photometry.background;

import io.skyroute.photometry.stats.Statistics;
import io.skyroute.photometry.fits.FitsImage;

/**
 * A background map like SExtractor's and photutils' {@code Background2D}: the image is cut into
 * boxes (the last ones padded), each box's sigma-clipped median (3 sigma, 10 iterations) is one mesh
 * value, the mesh is median-filtered over 3x3 neighbours, and values in between are interpolated
 * bilinearly between box centres (photutils uses a cubic spline there).
 */
public final class MeshBackground {

    private final int box;
    private final int columns;
    private final int rows;
    private final double[] mesh;
    private final double noise;

    private MeshBackground(int box, int columns, int rows, double[] mesh, double noise) {
        this.box = box;
        this.columns = columns;
        this.rows = rows;
        this.mesh = mesh;
        this.noise = noise;
    }

    public static MeshBackground of(FitsImage image, int box) {
        int columns = (image.width() + box - 1) / box;
        int rows = (image.height() + box - 1) / box;
        double[] raw = new double[columns * rows];
        double[] stds = new double[columns * rows];
        int withStd = 0;
        double[] values = new double[box * box];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                int n = 0;
                for (int y = j * box; y < Math.min(image.height(), (j + 1) * box); y++) {
                    for (int x = i * box; x < Math.min(image.width(), (i + 1) * box); x++) {
                        int index = y * image.width() + x;
                        if (!image.bad(index)) {
                            values[n++] = image.pixels()[index];
                        }
                    }
                }
                if (n == 0) {
                    raw[j * columns + i] = Double.NaN;
                } else {
                    Statistics.Clipped clipped = Statistics.sigmaClip(values, n, 3.0, 10);
                    raw[j * columns + i] = clipped.median();
                    stds[withStd++] = clipped.std();
                }
            }
        }
        return new MeshBackground(box, columns, rows, medianFilter(raw, columns, rows), Statistics.median(stds, withStd));
    }

    /** 3x3 median of the available (non-NaN, inside) neighbours, as scipy's generic_filter with nanmedian. */
    private static double[] medianFilter(double[] raw, int columns, int rows) {
        double[] filtered = new double[raw.length];
        double[] window = new double[9];
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                int n = 0;
                for (int dj = -1; dj <= 1; dj++) {
                    for (int di = -1; di <= 1; di++) {
                        int ii = i + di;
                        int jj = j + dj;
                        if (ii >= 0 && jj >= 0 && ii < columns && jj < rows && !Double.isNaN(raw[jj * columns + ii])) {
                            window[n++] = raw[jj * columns + ii];
                        }
                    }
                }
                filtered[j * columns + i] = Statistics.median(window, n);
            }
        }
        return filtered;
    }

    /** The image's pixel noise: the median over the boxes of their clipped standard deviations (SExtractor's global RMS). */
    public double noise() {
        return noise;
    }

    /** The filtered mesh value of box (i, j). */
    public double mesh(int i, int j) {
        return mesh[j * columns + i];
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** Background at a pixel, bilinear between box centres, constant beyond the outer centres. */
    public double at(double x, double y) {
        double fx = Math.max(0, Math.min(columns - 1, (x + 0.5) / box - 0.5));
        double fy = Math.max(0, Math.min(rows - 1, (y + 0.5) / box - 0.5));
        int i0 = (int) Math.floor(fx);
        int j0 = (int) Math.floor(fy);
        int i1 = Math.min(i0 + 1, columns - 1);
        int j1 = Math.min(j0 + 1, rows - 1);
        double tx = fx - i0;
        double ty = fy - j0;
        return (1 - ty) * ((1 - tx) * mesh(i0, j0) + tx * mesh(i1, j0)) + ty * ((1 - tx) * mesh(i0, j1) + tx * mesh(i1, j1));
    }
}
