package io.skyroute.photometry.time;

/**
 * Barycentric (BJD_TDB) and heliocentric (HJD_UTC) Julian dates of an observation towards a target.
 * Earth's and the Sun's positions come from JPL's approximate Keplerian elements of the planets
 * (Standish, valid 1800-2050; Earth-Moon barycentre, Jupiter, Saturn, Uranus, Neptune), which keeps
 * the light-time correction within about a tenth of a second of a full ephemeris; the observatory's
 * offset from the geocentre (at most 21 ms) is neglected.
 */
public final class TimeCorrections {

    private static final double MJD_TO_JD = 2400000.5;
    private static final double J2000 = 2451545.0;
    private static final double AU_LIGHT_SECONDS = 499.004783836;
    private static final double OBLIQUITY = Math.toRadians(23.43928);
    private static final double SECONDS_PER_DAY = 86400.0;

    /** a, e, I, L, long. perihelion, long. node (AU, deg) and their rates per Julian century; Sun/planet mass ratio. */
    private static final double[][] ELEMENTS = {
            {1.00000261, 0.01671123, -0.00001531, 100.46457166, 102.93768193, 0.0,
                    0.00000562, -0.00004392, -0.01294668, 35999.37244981, 0.32327364, 0.0, 328900.56},
            {5.20288700, 0.04838624, 1.30439695, 34.39644051, 14.72847983, 100.47390909,
                    -0.00011607, -0.00013253, -0.00183714, 3034.74612775, 0.21252668, 0.20469106, 1047.3486},
            {9.53667594, 0.05386179, 2.48599187, 49.95424423, 92.59887831, 113.66242448,
                    -0.00125060, -0.00050991, 0.00193609, 1222.49362201, -0.41897216, -0.28867794, 3497.898},
            {19.18916464, 0.04725744, 0.77263783, 313.23810451, 170.95427630, 74.01692503,
                    -0.00196176, -0.00004397, -0.00242939, 428.48202785, 0.40805281, 0.04240589, 22902.98},
            {30.06992276, 0.00859048, 1.77004347, -55.12002969, 44.96476227, 131.78422574,
                    0.00026291, 0.00005105, 0.00035372, 218.45945325, -0.32241464, -0.00508664, 19412.24},
    };

    /** TAI-UTC in seconds from each date (MJD) on. */
    private static final double[][] LEAP_SECONDS = {
            {41317, 10}, {41499, 11}, {41683, 12}, {42048, 13}, {42413, 14}, {42778, 15}, {43144, 16}, {43509, 17},
            {43874, 18}, {44239, 19}, {44786, 20}, {45151, 21}, {45516, 22}, {46247, 23}, {47161, 24}, {47892, 25},
            {48257, 26}, {48804, 27}, {49169, 28}, {49534, 29}, {50083, 30}, {50630, 31}, {51179, 32}, {53736, 33},
            {54832, 34}, {56109, 35}, {57204, 36}, {57754, 37},
    };

    private TimeCorrections() {
    }

    /** BJD_TDB of a UTC MJD for a target at (ra, dec) degrees. */
    public static double bjdTdb(double mjdUtc, double ra, double dec) {
        double jdTdb = mjdUtc + MJD_TO_JD + tdbMinusUtc(mjdUtc) / SECONDS_PER_DAY;
        double[] earth = earthBarycentric(jdTdb);
        return jdTdb + dot(earth, direction(ra, dec)) * AU_LIGHT_SECONDS / SECONDS_PER_DAY;
    }

    /** HJD in UTC of a UTC MJD for a target at (ra, dec) degrees. */
    public static double hjdUtc(double mjdUtc, double ra, double dec) {
        double jdTdb = mjdUtc + MJD_TO_JD + tdbMinusUtc(mjdUtc) / SECONDS_PER_DAY;
        double[] earth = heliocentric(0, jdTdb);
        return mjdUtc + MJD_TO_JD + dot(earth, direction(ra, dec)) * AU_LIGHT_SECONDS / SECONDS_PER_DAY;
    }

    static double tdbMinusUtc(double mjdUtc) {
        double taiMinusUtc = 10;
        for (double[] step : LEAP_SECONDS) {
            if (mjdUtc >= step[0]) {
                taiMinusUtc = step[1];
            }
        }
        double g = Math.toRadians(357.53 + 0.98560028 * (mjdUtc + MJD_TO_JD - J2000));
        return taiMinusUtc + 32.184 + 0.001657 * Math.sin(g) + 0.000014 * Math.sin(2 * g);
    }

    /** Earth (Earth-Moon barycentre) relative to the solar-system barycentre, equatorial, AU. */
    static double[] earthBarycentric(double jdTdb) {
        double[] sun = new double[3];
        double totalMass = 1.0;
        for (int planet = 0; planet < ELEMENTS.length; planet++) {
            double mass = 1.0 / ELEMENTS[planet][12];
            double[] p = heliocentric(planet, jdTdb);
            for (int k = 0; k < 3; k++) {
                sun[k] -= mass * p[k];
            }
            totalMass += mass;
        }
        double[] earth = heliocentric(0, jdTdb);
        for (int k = 0; k < 3; k++) {
            earth[k] += sun[k] / totalMass;
        }
        return earth;
    }

    /** Heliocentric equatorial position (AU) of planet {@code index} of {@link #ELEMENTS}. */
    static double[] heliocentric(int index, double jdTdb) {
        double[] el = ELEMENTS[index];
        double t = (jdTdb - J2000) / 36525.0;
        double a = el[0] + el[6] * t;
        double e = el[1] + el[7] * t;
        double inclination = Math.toRadians(el[2] + el[8] * t);
        double meanLongitude = el[3] + el[9] * t;
        double perihelion = el[4] + el[10] * t;
        double node = Math.toRadians(el[5] + el[11] * t);
        double omega = Math.toRadians(perihelion) - node;
        double meanAnomaly = Math.toRadians(Math.IEEEremainder(meanLongitude - perihelion, 360.0));
        double eccentricAnomaly = meanAnomaly + e * Math.sin(meanAnomaly);
        for (int i = 0; i < 20; i++) {
            double step = (eccentricAnomaly - e * Math.sin(eccentricAnomaly) - meanAnomaly) / (1 - e * Math.cos(eccentricAnomaly));
            eccentricAnomaly -= step;
            if (Math.abs(step) < 1e-14) {
                break;
            }
        }
        double xp = a * (Math.cos(eccentricAnomaly) - e);
        double yp = a * Math.sqrt(1 - e * e) * Math.sin(eccentricAnomaly);
        double cw = Math.cos(omega);
        double sw = Math.sin(omega);
        double cn = Math.cos(node);
        double sn = Math.sin(node);
        double ci = Math.cos(inclination);
        double si = Math.sin(inclination);
        double x = (cw * cn - sw * sn * ci) * xp + (-sw * cn - cw * sn * ci) * yp;
        double y = (cw * sn + sw * cn * ci) * xp + (-sw * sn + cw * cn * ci) * yp;
        double z = sw * si * xp + cw * si * yp;
        return new double[]{x, y * Math.cos(OBLIQUITY) - z * Math.sin(OBLIQUITY), y * Math.sin(OBLIQUITY) + z * Math.cos(OBLIQUITY)};
    }

    private static double[] direction(double ra, double dec) {
        double r = Math.toRadians(ra);
        double d = Math.toRadians(dec);
        return new double[]{Math.cos(d) * Math.cos(r), Math.cos(d) * Math.sin(r), Math.sin(d)};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
