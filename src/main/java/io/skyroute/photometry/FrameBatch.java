package io.skyroute.photometry;

import io.skyroute.photometry.aperture.ForcedPhotometry;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.fits.BadImage;
import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.wcs.Wcs;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Measures a list of frames with at most {@code inFlight} of them in memory at once: while one frame
 * is measured and handed on, the next is already being read, so both cores stay busy through the
 * parts that do not parallelise (headers, the per-star work). Results arrive in the order given.
 */
public final class FrameBatch {

    /** A frame's measurements, or the reason it could not be measured. */
    public record Outcome(Path frame, FrameMeasurements measurements, BadImage failure) {
    }

    public interface Sink {
        void accept(Outcome outcome) throws Exception;
    }

    private final int inFlight;

    public FrameBatch(int inFlight) {
        this.inFlight = Math.max(1, inFlight);
    }

    /**
     * @param photometryFor the photometry to use for an image and its WCS (aperture radii may depend on the frame)
     */
    public void run(List<Path> frames, List<Star> stars, BiFunction<FitsImage, Wcs, ForcedPhotometry> photometryFor, Sink sink)
            throws Exception {
        FitsImageReader reader = new FitsImageReader();
        FramesInOrder.<Outcome, Exception>run(frames, inFlight, inFlight, "photometry", frame -> measure(reader, frame, stars, photometryFor),
                (frame, outcome, failure) -> {
                    if (failure != null) {
                        throw failure; // not the frame's fault: an unreadable frame is an outcome
                    }
                    sink.accept(outcome);
                });
    }

    private static Outcome measure(FitsImageReader reader, Path frame, List<Star> stars,
                                   BiFunction<FitsImage, Wcs, ForcedPhotometry> photometryFor) {
        try {
            FitsImage image = reader.read(frame);
            Wcs wcs = Wcs.of(image.header());
            List<Measurement> measurements = photometryFor.apply(image, wcs).measure(image, wcs, stars);
            return new Outcome(frame, new FrameMeasurements(image.file(), image.observation(), measurements), null);
        } catch (BadImage e) {
            return new Outcome(frame, null, e);
        } catch (IllegalArgumentException e) {
            return new Outcome(frame, null, new BadImage(frame.getFileName().toString(), e.getMessage(), e));
        }
    }
}
