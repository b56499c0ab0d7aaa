package io.skyroute.bench;

import io.skyroute.photometry.fits.FitsImage;
import io.skyroute.photometry.fits.FitsImageReader;
import io.skyroute.photometry.aperture.ForcedPhotometry;
import io.skyroute.photometry.aperture.PhotometryOptions;
import io.skyroute.photometry.aperture.Star;
import io.skyroute.photometry.aperture.StarList;
import io.skyroute.photometry.wcs.Wcs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Micro-benchmarks of the photometry core on a real frame (the whole-process comparison with
 * photutils and funpack is bench/photometry-benchmark.sh). Run after {@code ./mvnw -DskipTests
 * package} and {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath}:
 * <pre>java -cp "target/test-classes:target/classes:$(cat target/test.classpath)" org.openjdk.jmh.Main PhotometryJmh</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PhotometryJmh {

    private final FitsImageReader reader = new FitsImageReader();
    private Path frame;
    private FitsImage image;
    private Wcs wcs;
    private List<Star> stars;
    private ForcedPhotometry photometry;

    @Setup
    public void load() throws Exception {
        frame = Path.of(PhotometryJmh.class.getResource("/frames/ogg0m404-kb82-20170815-1160-e91.fits.fz").toURI());
        stars = StarList.read(Path.of(PhotometryJmh.class.getResource("/photometry/stars.csv").toURI()));
        image = reader.read(frame);
        wcs = Wcs.of(image.header());
        photometry = new ForcedPhotometry(PhotometryOptions.of(6, 12, 18));
    }

    /** Headers, SCI (RICE, dithered floats) and BPM of one 1523x1020 frame, from the file. */
    @Benchmark
    public FitsImage readFrame() {
        return reader.read(frame);
    }

    /** WCS positions, exact apertures, annulus medians and errors of the 135 stars on a decoded frame. */
    @Benchmark
    public Object measureStars() {
        return photometry.measure(image, wcs, stars);
    }
}
