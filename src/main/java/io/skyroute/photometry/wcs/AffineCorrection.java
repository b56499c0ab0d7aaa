package io.skyroute.photometry.wcs;

import java.util.List;

/**
 * A refinement of a frame's WCS: pixel positions the WCS predicts are mapped to where the stars are
 * found, {@code x' = a x + b y + c}, {@code y' = d x + e y + f}, fitted by least squares to matched
 * pairs (a pure shift when fewer than six pairs are available).
 */
public record AffineCorrection(double a, double b, double c, double d, double e, double f) {

    public static final AffineCorrection IDENTITY = new AffineCorrection(1, 0, 0, 0, 1, 0);

    /** A matched pair: predicted position and measured position, in pixels. */
    public record Pair(double x, double y, double measuredX, double measuredY) {
    }

    public double[] apply(double x, double y) {
        return new double[]{a * x + b * y + c, d * x + e * y + f};
    }

    public Projection after(Projection projection) {
        return (ra, dec) -> {
            double[] p = projection.skyToPixel(ra, dec);
            return apply(p[0], p[1]);
        };
    }

    /** Root-mean-square distance between corrected predictions and measurements. */
    public double rms(List<Pair> pairs) {
        double sum = 0;
        for (Pair p : pairs) {
            double[] c = apply(p.x(), p.y());
            sum += (c[0] - p.measuredX()) * (c[0] - p.measuredX()) + (c[1] - p.measuredY()) * (c[1] - p.measuredY());
        }
        return pairs.isEmpty() ? Double.NaN : Math.sqrt(sum / pairs.size());
    }

    public static AffineCorrection fit(List<Pair> pairs) {
        if (pairs.isEmpty()) {
            return IDENTITY;
        }
        if (pairs.size() < 6) {
            double dx = 0;
            double dy = 0;
            for (Pair p : pairs) {
                dx += p.measuredX() - p.x();
                dy += p.measuredY() - p.y();
            }
            return new AffineCorrection(1, 0, dx / pairs.size(), 0, 1, dy / pairs.size());
        }
        // normal equations for [x y 1] . (a b c) = x' and (d e f) = y', centred for conditioning
        double mx = 0;
        double my = 0;
        for (Pair p : pairs) {
            mx += p.x();
            my += p.y();
        }
        mx /= pairs.size();
        my /= pairs.size();
        double[][] m = new double[3][3];
        double[] rx = new double[3];
        double[] ry = new double[3];
        for (Pair p : pairs) {
            double[] v = {p.x() - mx, p.y() - my, 1};
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    m[i][j] += v[i] * v[j];
                }
                rx[i] += v[i] * p.measuredX();
                ry[i] += v[i] * p.measuredY();
            }
        }
        double[] sx = solve(m, rx);
        double[] sy = solve(m, ry);
        if (sx == null || sy == null) {
            return fit(pairs.subList(0, 5));
        }
        // undo the centring: x' = a (x - mx) + b (y - my) + c0
        return new AffineCorrection(sx[0], sx[1], sx[2] - sx[0] * mx - sx[1] * my, sy[0], sy[1], sy[2] - sy[0] * mx - sy[1] * my);
    }

    /** 3x3 linear system by Cramer's rule; null when singular. */
    private static double[] solve(double[][] m, double[] r) {
        double det = det(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]);
        if (Math.abs(det) < 1e-12) {
            return null;
        }
        return new double[]{
                det(r[0], m[0][1], m[0][2], r[1], m[1][1], m[1][2], r[2], m[2][1], m[2][2]) / det,
                det(m[0][0], r[0], m[0][2], m[1][0], r[1], m[1][2], m[2][0], r[2], m[2][2]) / det,
                det(m[0][0], m[0][1], r[0], m[1][0], m[1][1], r[1], m[2][0], m[2][1], r[2]) / det};
    }

    private static double det(double a, double b, double c, double d, double e, double f, double g, double h, double i) {
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    }
}
