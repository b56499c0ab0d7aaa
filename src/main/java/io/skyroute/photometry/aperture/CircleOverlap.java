package io.skyroute.photometry.aperture;

/**
 * Exact area of the intersection of a circle (centred on the origin) and an axis-aligned rectangle:
 * the geometry photutils calls {@code method='exact'}. The rectangle is split at the axes, each
 * piece reflected into the first quadrant, where the circle's boundary crosses it at most twice.
 */
public final class CircleOverlap {

    private CircleOverlap() {
    }

    static double area(double xmin, double ymin, double xmax, double ymax, double r) {
        if (xmin < 0 && xmax > 0) {
            return area(xmin, ymin, 0, ymax, r) + area(0, ymin, xmax, ymax, r);
        }
        if (ymin < 0 && ymax > 0) {
            return area(xmin, ymin, xmax, 0, r) + area(xmin, 0, xmax, ymax, r);
        }
        double x0 = xmin >= 0 ? xmin : -xmax;
        double x1 = xmin >= 0 ? xmax : -xmin;
        double y0 = ymin >= 0 ? ymin : -ymax;
        double y1 = ymin >= 0 ? ymax : -ymin;
        return firstQuadrant(x0, y0, x1, y1, r);
    }

    /** For {@code 0 <= x0 <= x1}, {@code 0 <= y0 <= y1}. */
    private static double firstQuadrant(double x0, double y0, double x1, double y1, double r) {
        double r2 = r * r;
        if (x0 * x0 + y0 * y0 >= r2) {
            return 0;
        }
        if (x1 * x1 + y1 * y1 <= r2) {
            return (x1 - x0) * (y1 - y0);
        }
        boolean lowerRightInside = x1 * x1 + y0 * y0 < r2;
        boolean upperLeftInside = x0 * x0 + y1 * y1 < r2;
        if (lowerRightInside && upperLeftInside) {
            // the circle cuts off the upper-right corner
            double ax = Math.sqrt(r2 - y1 * y1);
            double by = Math.sqrt(r2 - x1 * x1);
            return (x1 - x0) * (y1 - y0) - triangle(ax, y1, x1, by, x1, y1) + segment(ax, y1, x1, by, r);
        }
        if (lowerRightInside) {
            // the boundary enters through the left side and leaves through the right side
            double ay = Math.sqrt(r2 - x0 * x0);
            double by = Math.sqrt(r2 - x1 * x1);
            return segment(x0, ay, x1, by, r) + triangle(x0, ay, x0, y0, x1, y0) + triangle(x0, ay, x1, y0, x1, by);
        }
        if (upperLeftInside) {
            // the boundary enters through the bottom and leaves through the top
            double ax = Math.sqrt(r2 - y0 * y0);
            double bx = Math.sqrt(r2 - y1 * y1);
            return segment(ax, y0, bx, y1, r) + triangle(ax, y0, x0, y0, x0, y1) + triangle(ax, y0, x0, y1, bx, y1);
        }
        // only the lower-left corner is inside
        double ax = Math.sqrt(r2 - y0 * y0);
        double by = Math.sqrt(r2 - x0 * x0);
        return segment(ax, y0, x0, by, r) + triangle(ax, y0, x0, by, x0, y0);
    }

    /** Area between a chord of the circle and its arc. */
    private static double segment(double xa, double ya, double xb, double yb, double r) {
        double chord = Math.hypot(xb - xa, yb - ya);
        double theta = 2 * Math.asin(Math.min(1.0, 0.5 * chord / r));
        return 0.5 * r * r * (theta - Math.sin(theta));
    }

    private static double triangle(double x1, double y1, double x2, double y2, double x3, double y3) {
        return 0.5 * Math.abs(x1 * (y2 - y3) + x2 * (y3 - y1) + x3 * (y1 - y2));
    }
}
