package io.skyroute.photometry.fits;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing (Jazzer) of the code that reads untrusted FITS bytes: the header card parser, the
 * HDU layout with the tile table of a compressed image, and the RICE decoder. A frame may only be refused
 * with {@link BadImage} (the RICE decoder alone with IllegalArgumentException, which its caller turns into
 * BadImage); any other exception, an endless loop or an allocation beyond the reader's pixel limit is a
 * finding. In the suite each target runs its kept inputs (seeds from src/test/python/fuzz_seeds.py and every
 * crash found so far) under src/test/resources/io/skyroute/photometry/fits/UntrustedFitsFuzzTestInputs/; with
 * JAZZER_FUZZ=1 it fuzzes for {@code maxDuration} and keeps what crashes there (docs/reliability.md).
 */
class UntrustedFitsFuzzTest {

    /** Frames larger than this are refused unread; keeps the fuzzer from asking for gigabytes honestly. */
    private static final long MAX_PIXELS = 4_000_000;

    @FuzzTest(maxDuration = "30s")
    void wholeFile(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".fits.fz");
        try {
            Files.write(file, bytes);
            FitsImage image = new FitsImageReader(MAX_PIXELS).read(file);
            if ((long) image.width() * image.height() > MAX_PIXELS) {
                throw new AssertionError("an image of " + image.width() + " x " + image.height() + " passed the pixel limit");
            }
        } catch (BadImage refused) {
            // a clear refusal with a reason: what untrusted bytes may get
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void headerCards(byte[] bytes) {
        try {
            FitsHeaderParser.Parsed parsed = FitsHeaderParser.parse("fuzz.fits", bytes, 0, true);
            if (parsed.dataOffset() % FitsHeaderParser.BLOCK != 0 || parsed.dataSize() < 0) {
                throw new AssertionError("a header parsed to data at " + parsed.dataOffset() + " of " + parsed.dataSize() + " bytes");
            }
        } catch (BadImage refused) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "30s")
    void riceTile(FuzzedDataProvider data) {
        int bytesPerPixel = data.pickValue(new int[]{1, 2, 4});
        int blockSize = data.pickValue(new int[]{16, 32});
        int count = data.consumeInt(0, 4096);
        byte[] compressed = data.consumeRemainingAsBytes();
        int[] out = new int[count];
        try {
            RiceDecoder.decode(compressed, 0, compressed.length, bytesPerPixel, blockSize, out, 0, count);
        } catch (IllegalArgumentException refused) {
            // a damaged tile, said so
        }
    }
}
