package io.skyroute.photometry.wcs;

import io.skyroute.photometry.fits.BadImage;
import io.skyroute.photometry.fits.HeaderCards;

import java.util.Locale;

/**
 * A FITS celestial WCS with the gnomonic (TAN) projection, a CD or PC/CDELT matrix and optional SIP
 * distortion (A/B forward, AP/BP inverse), following Calabretta &amp; Greisen (2002) and the SIP
 * convention. Pixel coordinates are 0-based, as astropy's {@code all_pix2world(..., 0)} counts.
 */
public final class Wcs implements Projection {

    private static final double D2R = Math.PI / 180.0;
    private static final int MAX_ITERATIONS = 50;
    private static final double TOLERANCE_PX = 1e-10;

    private final double crpix1;
    private final double crpix2;
    private final double ra0;
    private final double dec0;
    private final double phiPole;
    private final double[] cd;
    private final double[] cdInverse;
    private final Sip sip;

    Wcs(double crpix1, double crpix2, double ra0, double dec0, double lonPole, double[] cd, Sip sip) {
        this.crpix1 = crpix1;
        this.crpix2 = crpix2;
        this.ra0 = ra0;
        this.dec0 = dec0;
        this.phiPole = lonPole;
        this.cd = cd.clone();
        double det = cd[0] * cd[3] - cd[1] * cd[2];
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalArgumentException("singular CD matrix");
        }
        this.cdInverse = new double[]{cd[3] / det, -cd[1] / det, -cd[2] / det, cd[0] / det};
        this.sip = sip;
    }

    /** Reads the WCS from header cards; a missing or non-TAN WCS is a {@link BadImage} naming the card. */
    public static Wcs of(HeaderCards header) {
        String ctype1 = header.string("CTYPE1");
        String ctype2 = header.string("CTYPE2");
        if (ctype1 == null || ctype2 == null) {
            throw new BadImage(header.file(), "CTYPE1/CTYPE2: missing, the frame has no celestial WCS");
        }
        String type1 = ctype1.toUpperCase(Locale.ROOT);
        String type2 = ctype2.toUpperCase(Locale.ROOT);
        if (!type1.startsWith("RA---TAN") || !type2.startsWith("DEC--TAN")) {
            throw new BadImage(header.file(), "CTYPE1/CTYPE2: only RA---TAN/DEC--TAN (optionally -SIP) are supported, found "
                    + ctype1 + "/" + ctype2);
        }
        double[] matrix = matrix(header);
        Sip sip = type1.endsWith("-SIP") || header.has("A_ORDER") ? Sip.of(header) : null;
        try {
            return new Wcs(header.required("CRPIX1"), header.required("CRPIX2"), header.required("CRVAL1"),
                    header.required("CRVAL2"), header.number("LONPOLE", 180.0), matrix, sip);
        } catch (IllegalArgumentException e) {
            throw new BadImage(header.file(), "CD matrix: " + e.getMessage());
        }
    }

    private static double[] matrix(HeaderCards h) {
        if (h.has("CD1_1") || h.has("CD1_2") || h.has("CD2_1") || h.has("CD2_2")) {
            return new double[]{h.number("CD1_1", 0), h.number("CD1_2", 0), h.number("CD2_1", 0), h.number("CD2_2", 0)};
        }
        double cdelt1 = h.required("CDELT1");
        double cdelt2 = h.required("CDELT2");
        double[] pc;
        if (h.has("PC1_1") || h.has("PC1_2") || h.has("PC2_1") || h.has("PC2_2")) {
            pc = new double[]{h.number("PC1_1", 1), h.number("PC1_2", 0), h.number("PC2_1", 0), h.number("PC2_2", 1)};
        } else {
            double rho = h.number("CROTA2", 0) * D2R;
            pc = new double[]{Math.cos(rho), -Math.sin(rho) * cdelt2 / cdelt1, Math.sin(rho) * cdelt1 / cdelt2, Math.cos(rho)};
        }
        return new double[]{cdelt1 * pc[0], cdelt1 * pc[1], cdelt2 * pc[2], cdelt2 * pc[3]};
    }

    /** Sky position (degrees) of a 0-based pixel position: {@code {ra, dec}}. */
    public double[] pixelToSky(double x, double y) {
        double u = x + 1 - crpix1;
        double v = y + 1 - crpix2;
        if (sip != null) {
            double du = sip.a.value(u, v);
            double dv = sip.b.value(u, v);
            u += du;
            v += dv;
        }
        double xi = cd[0] * u + cd[1] * v;
        double eta = cd[2] * u + cd[3] * v;
        // TAN deprojection to native spherical coordinates
        double r = Math.hypot(xi, eta);
        double phi = r == 0 ? 0 : Math.atan2(xi, -eta);
        double theta = Math.atan2(180.0 / Math.PI, r);
        // native to celestial
        double dphi = phi - phiPole * D2R;
        double sinDec0 = Math.sin(dec0 * D2R);
        double cosDec0 = Math.cos(dec0 * D2R);
        double sinTheta = Math.sin(theta);
        double cosTheta = Math.cos(theta);
        double dec = Math.asin(sinTheta * sinDec0 + cosTheta * cosDec0 * Math.cos(dphi));
        double ra = ra0 * D2R + Math.atan2(-cosTheta * Math.sin(dphi), sinTheta * cosDec0 - cosTheta * sinDec0 * Math.cos(dphi));
        double raDeg = ra / D2R % 360.0;
        return new double[]{raDeg < 0 ? raDeg + 360.0 : raDeg, dec / D2R};
    }

    /** 0-based pixel position of a sky position (degrees): {@code {x, y}}; NaNs for the far hemisphere. */
    @Override
    public double[] skyToPixel(double ra, double dec) {
        double sinDec0 = Math.sin(dec0 * D2R);
        double cosDec0 = Math.cos(dec0 * D2R);
        double dra = (ra - ra0) * D2R;
        double sinDec = Math.sin(dec * D2R);
        double cosDec = Math.cos(dec * D2R);
        double phi = phiPole * D2R + Math.atan2(-cosDec * Math.sin(dra), sinDec * cosDec0 - cosDec * sinDec0 * Math.cos(dra));
        double sinTheta = sinDec * sinDec0 + cosDec * cosDec0 * Math.cos(dra);
        if (sinTheta <= 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        double theta = Math.asin(Math.min(1.0, sinTheta));
        double r = 180.0 / Math.PI * Math.cos(theta) / Math.sin(theta);
        double xi = r * Math.sin(phi);
        double eta = -r * Math.cos(phi);
        double u = cdInverse[0] * xi + cdInverse[1] * eta;
        double v = cdInverse[2] * xi + cdInverse[3] * eta;
        if (sip != null) {
            double[] undistorted = sip.invert(u, v);
            u = undistorted[0];
            v = undistorted[1];
        }
        return new double[]{u - 1 + crpix1, v - 1 + crpix2};
    }

    /** Pixel scale in arcsec/px (square root of the CD determinant). */
    public double pixelScaleArcsec() {
        return Math.sqrt(Math.abs(cd[0] * cd[3] - cd[1] * cd[2])) * 3600.0;
    }

    /** SIP distortion: forward polynomials A, B and the optional inverse AP, BP (used as the starting guess). */
    record Sip(Polynomial a, Polynomial b, Polynomial ap, Polynomial bp) {

        static Sip of(HeaderCards header) {
            Polynomial a = Polynomial.of(header, "A");
            Polynomial b = Polynomial.of(header, "B");
            if (a == null || b == null) {
                throw new BadImage(header.file(), "A_ORDER/B_ORDER: a SIP WCS needs both");
            }
            return new Sip(a, b, Polynomial.of(header, "AP"), Polynomial.of(header, "BP"));
        }

        /** Solves {@code (u + A(u,v), v + B(u,v)) = (U, V)} by Newton's method, as astropy's all_world2pix does iteratively. */
        double[] invert(double bigU, double bigV) {
            double u = ap == null ? bigU : bigU + ap.value(bigU, bigV);
            double v = bp == null ? bigV : bigV + bp.value(bigU, bigV);
            for (int i = 0; i < MAX_ITERATIONS; i++) {
                double fu = u + a.value(u, v) - bigU;
                double fv = v + b.value(u, v) - bigV;
                double j11 = 1 + a.du(u, v);
                double j12 = a.dv(u, v);
                double j21 = b.du(u, v);
                double j22 = 1 + b.dv(u, v);
                double det = j11 * j22 - j12 * j21;
                double stepU = (j22 * fu - j12 * fv) / det;
                double stepV = (j11 * fv - j21 * fu) / det;
                u -= stepU;
                v -= stepV;
                if (Math.abs(stepU) < TOLERANCE_PX && Math.abs(stepV) < TOLERANCE_PX) {
                    break;
                }
            }
            return new double[]{u, v};
        }
    }

    /** {@code sum c[p][q] u^p v^q} over {@code p + q <= order}. */
    record Polynomial(int order, double[][] c) {

        static Polynomial of(HeaderCards header, String prefix) {
            if (!header.has(prefix + "_ORDER")) {
                return null;
            }
            int order = header.integer(prefix + "_ORDER", 0);
            if (order < 0 || order > 9) {
                throw new BadImage(header.file(), prefix + "_ORDER: expected 0..9, found " + order);
            }
            double[][] c = new double[order + 1][order + 1];
            for (int p = 0; p <= order; p++) {
                for (int q = 0; p + q <= order; q++) {
                    c[p][q] = header.number(prefix + "_" + p + "_" + q, 0.0);
                }
            }
            return new Polynomial(order, c);
        }

        double value(double u, double v) {
            double sum = 0;
            double up = 1;
            for (int p = 0; p <= order; p++) {
                double vq = 1;
                for (int q = 0; p + q <= order; q++) {
                    sum += c[p][q] * up * vq;
                    vq *= v;
                }
                up *= u;
            }
            return sum;
        }

        double du(double u, double v) {
            double sum = 0;
            for (int p = 1; p <= order; p++) {
                for (int q = 0; p + q <= order; q++) {
                    sum += p * c[p][q] * Math.pow(u, p - 1) * Math.pow(v, q);
                }
            }
            return sum;
        }

        double dv(double u, double v) {
            double sum = 0;
            for (int p = 0; p <= order; p++) {
                for (int q = 1; p + q <= order; q++) {
                    sum += q * c[p][q] * Math.pow(u, p) * Math.pow(v, q - 1);
                }
            }
            return sum;
        }
    }
}
