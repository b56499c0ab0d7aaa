package io.skyroute.photometry.ensemble;

import io.skyroute.photometry.aperture.Flags;
import io.skyroute.photometry.aperture.FrameMeasurements;
import io.skyroute.photometry.aperture.Measurement;
import io.skyroute.photometry.fits.Observation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dataset's running tally, brought up to date run after run as frames come, go, change and are read again, chooses
 * exactly what choosing from scratch chooses: the same comparison stars in the same order with the same medians,
 * the same rejections, the same ensemble (bit for bit), the same crowding medians. The campaign is built to reach
 * every corner of the tally: stars with a NaN or an infinite S/N, stars near saturation in one frame, stars listed
 * twice in a frame, stars missing from frames or seen first late, frames with the catalogue in another order or no
 * saturation level, a frame read again as a new object with the same numbers, more changes at once than are
 * counted one by one, and two frames of one name.
 */
class RunningTallyTest {

    private static final double SATURATION = 60_000;
    private static final double AREA = 110;
    private static final int STARS = 40;
    private static final AutomaticEnsemble.Options OPTIONS = new AutomaticEnsemble.Options(30, 0.1, 0.6, 0.7, 3.0);

    private final Random random = new Random(11);
    private int made;
    private boolean flash;

    @Test
    void aTallyKeptBetweenRunsChoosesWhatAChoiceFromScratchChooses() {
        List<FrameMeasurements> frames = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            frames.add(frame());
        }
        RunningTally tally = new RunningTally(OPTIONS.maxPeakFraction());
        sameChoice(frames, tally, true); // built from all frames
        for (int run = 0; run < 70; run++) {
            switch (run % 7) {
                case 0 -> frames.add(frame()); // a new frame
                case 1 -> frames.set(frames.size() - 1, frame()); // the last one measured again, other numbers
                case 2 -> { // a stored table read again: a new object, the same numbers
                    int f = random.nextInt(frames.size());
                    FrameMeasurements old = frames.get(f);
                    frames.set(f, new FrameMeasurements(old.file(), old.observation(), List.copyOf(old.measurements())));
                }
                case 3 -> frames.remove(random.nextInt(frames.size())); // a frame deleted
                case 5 -> { // a frame measured again under its own name: other numbers
                    int f = random.nextInt(frames.size());
                    frames.set(f, frame(frames.get(f).file()));
                }
                case 4 -> { // two frames replaced and one added in the middle
                    frames.set(random.nextInt(frames.size()), frame(frames.get(random.nextInt(frames.size())).file()));
                    frames.set(random.nextInt(frames.size()), frame(frames.get(random.nextInt(frames.size())).file()));
                    frames.add(random.nextInt(frames.size()), frame());
                }
                default -> Collections.shuffle(frames, random); // the same frames in another order
            }
            if (new HashSet<>(frames.stream().map(FrameMeasurements::file).toList()).size() < frames.size()) {
                // case 4 may have given a name twice: the tally steps aside, the choice is still right
                sameChoice(frames, tally, false);
                frames.removeIf(frame -> frames.stream().filter(other -> other.file().equals(frame.file())).count() > 1);
            }
            sameChoice(frames, tally, true);
        }
        // a frame where FLASH comes near saturation with a NaN S/N, then gone again: both must be forgotten
        flash = true;
        FrameMeasurements flashed = frame();
        flash = false;
        frames.add(flashed);
        sameChoice(frames, tally, true);
        MeasurementMatrix withFlash = MeasurementMatrix.of(frames, tally);
        assertThat(withFlash.tally().nearSaturation(withFlash.indexOf("FLASH"))).isTrue();
        assertThat(withFlash.tally().snrBelow(withFlash.indexOf("FLASH"), 30)).isNull();
        frames.remove(flashed);
        sameChoice(frames, tally, true);
        MeasurementMatrix without = MeasurementMatrix.of(frames, tally);
        assertThat(without.tally().nearSaturation(without.indexOf("FLASH"))).isFalse();
        assertThat(without.tally().snrBelow(without.indexOf("FLASH"), 30)).isFalse();
        for (int i = 0; i < 80; i++) { // more changes than are counted one by one: built again
            frames.add(frame());
        }
        sameChoice(frames, tally, true);
        frames.subList(0, 30).clear();
        sameChoice(frames, tally, true);
        assertThat(tally.frames()).isEqualTo(frames.size());
        assertThat(tally.measurements()).isEqualTo(frames.stream().mapToLong(f -> f.measurements().size()).sum());
    }

    private void sameChoice(List<FrameMeasurements> frames, RunningTally tally, boolean tallied) {
        MeasurementMatrix plain = MeasurementMatrix.of(frames);
        MeasurementMatrix running = MeasurementMatrix.of(frames, tally);
        assertThat(running.tally() != null).as("the tally answers").isEqualTo(tallied);

        if (tallied) {
            sameCounts(plain, running.tally());
        }
        Set<String> all = new HashSet<>();
        for (int s = 0; s < plain.starCount(); s++) {
            all.add(plain.name(s));
            assertThat(running.medianPositiveFlux(plain.name(s))).as(plain.name(s)).isEqualTo(plain.medianPositiveFlux(plain.name(s)));
        }
        assertThat(running.medianPositiveFluxes(all)).isEqualTo(plain.medianPositiveFluxes(all));

        Set<String> excluded = Set.of("S3");
        Map<String, String> rejectedPlain = new LinkedHashMap<>();
        Map<String, String> rejectedRunning = new LinkedHashMap<>();
        ComparisonStars fromScratch = ComparisonCandidates.choose(plain, "TARGET", excluded, OPTIONS, rejectedPlain);
        ComparisonStars fromTally = ComparisonCandidates.choose(running, "TARGET", excluded, OPTIONS, rejectedRunning);
        assertThat(fromTally.names(running)).isEqualTo(fromScratch.names(plain)).isNotEmpty();
        for (String star : fromScratch.names(plain)) {
            assertThat(fromTally.median(running.indexOf(star))).as(star).isEqualTo(fromScratch.median(plain.indexOf(star)));
        }
        assertThat(rejectedRunning).containsExactlyEntriesOf(rejectedPlain);
        assertThat(AutomaticEnsemble.choose(running, "TARGET", excluded, OPTIONS))
                .isEqualTo(AutomaticEnsemble.choose(plain, "TARGET", excluded, OPTIONS));
    }

    /**
     * What the tally says of each star, against the star's own values: counts, saturation, the medians, and which side
     * of a threshold placed exactly at the true median (and just above it) they fall, so that a single value counted
     * wrongly shows.
     */
    private static void sameCounts(MeasurementMatrix matrix, RunningTally.View view) {
        for (int s = 0; s < matrix.starCount(); s++) {
            List<Double> flux = new ArrayList<>();
            List<Double> snr = new ArrayList<>();
            boolean hot = false;
            for (int f = 0; f < matrix.frameCount(); f++) {
                double saturation = matrix.frame(f).observation().saturation();
                for (int k = 0; k < matrix.entries(f); k++) {
                    if (matrix.star(f, k) != s) {
                        continue;
                    }
                    hot |= !Double.isNaN(saturation) && matrix.peak(f, k) > OPTIONS.maxPeakFraction() * saturation;
                    if (matrix.usable(f, k)) {
                        flux.add(matrix.flux(f, k));
                        snr.add(matrix.flux(f, k) / matrix.fluxError(f, k));
                    }
                }
            }
            String star = matrix.name(s);
            assertThat(view.usableCount(s)).as(star).isEqualTo(flux.size());
            assertThat(view.nearSaturation(s)).as(star).isEqualTo(hot);
            double fluxMedian = median(flux);
            assertThat(view.usableFluxMedian(s)).as(star).isEqualTo(fluxMedian);
            assertThat(view.fluxBelow(s, fluxMedian)).as(star).isFalse();
            assertThat(view.fluxBelow(s, Math.nextUp(fluxMedian))).as(star).isEqualTo(!flux.isEmpty());
            if (snr.stream().anyMatch(v -> Double.isNaN(v))) {
                assertThat(view.snrBelow(s, 30)).as(star + ": a NaN S/N, only the values can tell").isNull();
            } else {
                double snrMedian = median(snr);
                assertThat(view.snrBelow(s, snrMedian)).as(star).isFalse();
                assertThat(view.snrBelow(s, Math.nextUp(snrMedian))).as(star).isEqualTo(!snr.isEmpty() && snrMedian != Double.POSITIVE_INFINITY);
            }
        }
    }

    private static double median(List<Double> values) {
        double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
        return io.skyroute.photometry.stats.Statistics.median(array, array.length);
    }

    private FrameMeasurements frame() {
        return frame("f" + (made++));
    }

    /** A frame of the campaign; its corner cases come at random, each often enough to meet every run. */
    private FrameMeasurements frame(String name) {
        double transparency = 0.7 + 0.3 * random.nextDouble();
        List<Measurement> stars = new ArrayList<>();
        stars.add(star("TARGET", 30_000 * transparency, 5_000, 0));
        for (int s = 0; s < STARS; s++) {
            if (s == 7 && random.nextInt(4) == 0) {
                continue; // missing from a quarter of the frames: fails the frame fraction sometimes, not always
            }
            double flux = (800 + 1_500 * s) * transparency * (1 + 0.01 * random.nextGaussian());
            double error = Math.sqrt(flux + AREA * 100);
            int flags = random.nextInt(30) == 0 ? Flags.BAD_PIXEL : random.nextInt(60) == 0 ? Flags.EDGE : 0;
            double peak = s == 20 && random.nextInt(60) == 0 ? 0.9 * SATURATION : 5_000;
            if (s == 11 && random.nextInt(200) == 0) {
                error = Double.NaN; // a NaN S/N: only the values can tell its median
            } else if (s == 12 && random.nextInt(40) == 0) {
                error = 0; // an infinite S/N
            } else if (s == 13) {
                flux = random.nextInt(3) == 0 ? -50 : flux; // often not positive: fewer usable values
            }
            stars.add(star("S" + s, flux, error, peak, flags));
            if (s == 9 && random.nextInt(10) == 0) {
                stars.add(star("S9", flux * 1.5, error, peak, 0)); // measured twice: the first counts as its positive flux
            }
        }
        stars.add(star("FLASH", 7_000 * transparency, flash ? Double.NaN : Math.sqrt(7_000 + AREA * 100), flash ? 0.9 * SATURATION : 5_000,
                0));
        if (made > 100) {
            stars.add(star("LATE", 9_000 * transparency, 120, 5_000, 0)); // first usable only in later frames
        }
        if (random.nextInt(8) == 0) {
            Collections.reverse(stars.subList(1, stars.size())); // the catalogue in another order
        }
        double saturation = !flash && random.nextInt(15) == 0 ? Double.NaN : SATURATION;
        Observation observation = new Observation(60, 1, 10, saturation, 0.57, 58_000 + 0.01 * made + 0.001 * random.nextDouble(),
                null, "rp", Double.NaN, Double.NaN, 0, 2.0 + 0.1 * random.nextGaussian());
        return new FrameMeasurements(name, observation, stars);
    }

    private static Measurement star(String name, double flux, double peak, int flags) {
        return star(name, flux, Math.sqrt(Math.abs(flux) + AREA * 100), peak, flags);
    }

    private static Measurement star(String name, double flux, double error, double peak, int flags) {
        return new Measurement(name, 0, 0, flux, AREA, 100, 10, 400, flux, error, Double.NaN, Double.NaN, flags, peak);
    }
}
