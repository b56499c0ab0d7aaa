package io.skyroute.cli;

import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.FrameBatch;
import io.skyroute.photometry.aperture.ForcedPhotometry;
import io.skyroute.photometry.aperture.MeasurementTable;
import io.skyroute.photometry.aperture.PhotometryOptions;
import io.skyroute.photometry.aperture.SkyMethod;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.aperture.StarList;
import io.skyroute.photometry.wcs.Wcs;
import io.skyroute.pipeline.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code skyroute photometry}: forced aperture photometry of a star list on frames, one CSV row per
 * frame and star on it. Frames stream through (two in memory at most); an unreadable frame is
 * reported and skipped, the others are still measured (exit code 1 then).
 */
@Command(name = "photometry", mixinStandardHelpOptions = true,
        description = {"Forced aperture photometry: measures every star of a list (name,ra,dec in degrees) on each frame,"
                + " at its WCS position, with an exact circular aperture and the median sky of an annulus.",
                "Writes OUT.csv: file,name,x,y,flux,flux_err,sky,mjd,filter,flag,... (x, y 0-based; flux = aperture sum - sky * pi r^2)."})
public class PhotometryCommand implements Callable<Integer> {

    @Option(names = "--positions", required = true, paramLabel = "STARS.csv", description = "Stars to measure: CSV with columns name,ra,dec (degrees).")
    Path positions;

    @Option(names = "--aperture-px", paramLabel = "R", description = "Aperture radius in pixels.")
    Double aperturePx;

    @Option(names = "--aperture-arcsec", paramLabel = "A", description = "Aperture radius in arcsec (converted with each frame's PIXSCALE, else its WCS scale); overrides --aperture-px.")
    Double apertureArcsec;

    @Option(names = "--annulus-px", required = true, paramLabel = "RIN,ROUT", split = ",", description = "Sky annulus radii in pixels.")
    double[] annulus;

    @Option(names = "--recenter", negatable = true, defaultValue = "false",
            description = "Recentre each star on its light before measuring (default: positions from the WCS alone).")
    boolean recenter;

    @Option(names = "--sky", defaultValue = "MEDIAN", description = "Sky estimator: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SkyMethod sky;

    @Option(names = "--interpolate-bad-pixels", description = "Replace bad (BPM) pixels in an aperture by their neighbours' mean"
            + " instead of leaving them out of the sum (photutils' convention); they are flagged either way.")
    boolean interpolateBadPixels;

    @Option(names = "--zero-point", defaultValue = "25.0", description = "Zero point of the instrumental magnitudes (default: ${DEFAULT-VALUE}).")
    double zeroPoint;

    @Option(names = "--out", required = true, paramLabel = "OUT.csv", description = "Where to write the measurements (replaced atomically).")
    Path out;

    @Parameters(paramLabel = "FRAME", arity = "1..*", description = "FITS frames (.fits, .fits.fz; SCI extension or primary image).")
    List<Path> frames;

    @Spec
    CommandSpec spec;

    /**
     * Starts loading the classes a run needs on a second thread while picocli, on the main one, builds
     * its model of the command (~0.1 s of a run of about a second).
     */
    static void preloadInBackground() {
        Thread thread = new Thread(() -> initialise(PRELOADED), "photometry-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /** What a run loads first: the readers and decoders, the WCS, the apertures and the tables (a JVM start-up matter). */
    private static final String[] PRELOADED = {"io.skyroute.photometry.fits.FitsImageReader", "io.skyroute.photometry.fits.FitsLayout",
            "io.skyroute.photometry.fits.FitsHeaderParser", "io.skyroute.photometry.fits.TileCompressedImage",
            "io.skyroute.photometry.fits.RiceDecoder", "io.skyroute.photometry.fits.DitherSequence", "io.skyroute.photometry.wcs.Wcs",
            "io.skyroute.photometry.aperture.ForcedPhotometry", "io.skyroute.photometry.aperture.CircleOverlap",
            "io.skyroute.photometry.stats.Statistics", "io.skyroute.photometry.aperture.StarList", "io.skyroute.photometry.aperture.MeasurementTable"};

    /** Loads and initialises classes (static tables included); a failure is left for the run itself to meet and report. */
    private static void initialise(String... names) {
        for (String name : names) {
            try {
                Class.forName(name, true, PhotometryCommand.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (annulus.length != 2) {
            throw new ParameterException(spec.commandLine(), "--annulus-px takes two radii, RIN,ROUT");
        }
        if (aperturePx == null && apertureArcsec == null) {
            throw new ParameterException(spec.commandLine(), "give --aperture-px or --aperture-arcsec");
        }
        List<Star> stars;
        try {
            stars = StarList.read(positions);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int[] counts = new int[3];
        Path temporary = AtomicFiles.temporaryFor(out);
        try (Writer writer = Files.newBufferedWriter(temporary); MeasurementTable table = new MeasurementTable(writer)) {
            new FrameBatch(2).run(frames, stars, (image, wcs) -> new ForcedPhotometry(options(image, wcs)), outcome -> {
                if (outcome.failure() != null) {
                    err.println("skipped " + outcome.failure().getMessage());
                    counts[2]++;
                } else {
                    table.write(outcome.measurements());
                    counts[0]++;
                    counts[1] += outcome.measurements().measurements().size();
                }
            });
        } catch (Exception e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        int measured = counts[0];
        int rows = counts[1];
        int failed = counts[2];
        AtomicFiles.commit(temporary, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%d frame(s) measured, %d row(s), %d frame(s) skipped -> %s%n", measured, rows, failed, out);
        stdout.flush();
        err.flush();
        return failed == 0 ? 0 : 1;
    }

    private PhotometryOptions options(FitsImage image, Wcs wcs) {
        double radius = aperturePx != null ? aperturePx : 0;
        if (apertureArcsec != null) {
            double scale = image.observation().pixelScale();
            radius = apertureArcsec / (Double.isNaN(scale) || scale <= 0 ? wcs.pixelScaleArcsec() : scale);
        }
        return new PhotometryOptions(radius, annulus[0], annulus[1], sky, recenter, zeroPoint, interpolateBadPixels);
    }
}
