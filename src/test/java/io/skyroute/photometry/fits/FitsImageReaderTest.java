package io.skyroute.photometry.fits;

import io.skyroute.photometry.RealFrames;
import io.skyroute.photometry.ReferenceTable;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FitsImageReaderTest {

    private final FitsImageReader reader = new FitsImageReader();

    @Test
    void riceFramesDecodeExactlyAsCfitsioDoes() throws Exception {
        for (CSVRecord expected : ReferenceTable.read("decoded.csv")) {
            FitsImage image = reader.read(RealFrames.frame(expected.get("file")));

            ByteBuffer bigEndian = ByteBuffer.allocate(image.pixels().length * 4);
            bigEndian.asFloatBuffer().put(image.pixels());
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bigEndian.array()));
            int bad = 0;
            for (byte b : image.badPixels()) {
                bad += b != 0 ? 1 : 0;
            }
            assertThat(md5).as(expected.get("file")).isEqualTo(expected.get("sci_md5"));
            assertThat(bad).as(expected.get("file")).isEqualTo(Integer.parseInt(expected.get("bad_pixels")));
            assertThat(image.width()).isEqualTo(1523);
            assertThat(image.height()).isEqualTo(1020);
        }
    }

    /** nom-tam-fits restores dithered floats in single precision, so it may differ from cfitsio in the last bit. */
    @Test
    void agreesWithNomTamFitsToItsRounding() throws Exception {
        FitsImage image = reader.read(RealFrames.frame(RealFrames.OGG_RP));
        float[][] sci;
        try (Fits fits = new Fits(RealFrames.frame(RealFrames.OGG_RP).toFile())) {
            sci = (float[][]) ((CompressedImageHDU) fits.getHDU("SCI")).asImageHDU().getKernel();
        }
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                assertThat(image.value(x, y)).isCloseTo(sci[y][x], org.assertj.core.data.Offset.offset(2 * Math.ulp(sci[y][x])));
            }
        }
    }

    @Test
    void headerValuesOfARealFrame() {
        Observation observation = reader.read(RealFrames.frame(RealFrames.OGG_RP)).observation();

        assertThat(observation.exposure()).isEqualTo(11.938);
        assertThat(observation.gain()).isEqualTo(1.0);
        assertThat(observation.readNoise()).isEqualTo(16.4);
        assertThat(observation.saturation()).isEqualTo(153440.0);
        assertThat(observation.pixelScale()).isEqualTo(1.16);
        assertThat(observation.mjd()).isEqualTo(57981.631194);
        assertThat(observation.dateObs()).isEqualTo("2017-08-16T15:08:56.789");
        assertThat(observation.filter()).isEqualTo("rp");
        assertThat(Observation.mjdOf("x", "2017-08-16T15:08:56.789")).isCloseTo(57981 + (15 * 3600 + 8 * 60 + 56.789) / 86400, org.assertj.core.data.Offset.offset(1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32, -32, -64})
    void plainImagesOfEveryBitpixWithScaling(int bitpix, @TempDir Path dir) throws Exception {
        Object data = switch (bitpix) {
            case 8 -> new byte[][]{{1, 2, (byte) 200}, {4, 5, 6}};
            case 16 -> new short[][]{{1, 2, -3}, {4, 5, 6}};
            case 32 -> new int[][]{{1, 2, -3}, {4, 5, 6}};
            case -32 -> new float[][]{{1, 2, -3}, {4, 5, 6}};
            default -> new double[][]{{1, 2, -3}, {4, 5, 6}};
        };
        BasicHDU<?> hdu = Fits.makeHDU(data);
        hdu.getHeader().addValue("BSCALE", 2.0, null);
        hdu.getHeader().addValue("BZERO", 10.0, null);
        hdu.getHeader().addValue("EXPTIME", 30.0, null);
        Path file = dir.resolve("plain.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }

        FitsImage image = reader.read(file);

        float third = bitpix == 8 ? 200 * 2 + 10 : -3 * 2 + 10;
        assertThat(image.pixels()).containsExactly(12, 14, third, 18, 20, 22);
        assertThat(image.badPixels()).isNull();
        assertThat(image.observation().exposure()).isEqualTo(30.0);
    }

    @Test
    void blankIntegersBecomeNaNAndCountAsBad(@TempDir Path dir) throws Exception {
        BasicHDU<?> hdu = Fits.makeHDU(new short[][]{{1, -999}, {3, 4}});
        hdu.getHeader().addValue("BLANK", -999, null);
        Path file = dir.resolve("blank.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }

        FitsImage image = reader.read(file);

        assertThat(image.value(1, 0)).isNaN();
        assertThat(image.bad(1)).isTrue();
        assertThat(image.bad(0)).isFalse();
    }

    @Test
    void otherCompressionsGoThroughNomTamFits(@TempDir Path dir) throws Exception {
        float[][] data = new float[40][50];
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) {
                data[y][x] = x * 100 + y;
            }
        }
        ImageHDU plain = (ImageHDU) Fits.makeHDU(data);
        CompressedImageHDU gzip = CompressedImageHDU.fromImageHDU(plain, 50, 10);
        gzip.setCompressAlgorithm("GZIP_1");
        gzip.compress();
        Path file = dir.resolve("gzip.fits.fz");
        try (Fits fits = new Fits()) {
            fits.addHDU(Fits.makeHDU((Object) null));
            fits.addHDU(gzip);
            fits.write(file.toFile());
        }

        FitsImage image = reader.read(file);

        assertThat(image.width()).isEqualTo(50);
        assertThat(image.value(49, 39)).isEqualTo(4939f);
    }

    @Test
    void truncatedAndForeignFilesAreRefusedWithAReason(@TempDir Path dir) throws Exception {
        byte[] frame = Files.readAllBytes(RealFrames.frame(RealFrames.OGG_RP));
        Path truncated = Files.write(dir.resolve("cut.fits.fz"), Arrays.copyOf(frame, frame.length / 2));
        Path text = Files.writeString(dir.resolve("notes.fits"), "not a FITS file at all, just some words".repeat(100));

        assertThatThrownBy(() -> reader.read(truncated)).isInstanceOf(BadImage.class)
                .hasMessageStartingWith("cut.fits.fz: truncated");
        assertThatThrownBy(() -> reader.read(text)).isInstanceOf(BadImage.class)
                .hasMessageStartingWith("notes.fits: not a");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "znaxis-40000.fits.fz|ZNAXIS1 x ZNAXIS2 = 40000 x 40000 pixels, more than the limit of 100000000",
            "znaxis-2e9.fits.fz|ZNAXIS1 x ZNAXIS2 = 2000000000 x 2000000000 pixels, more than the limit",
            "empty.fits|not a FITS file (empty)",
            "truncated.fits.fz|truncated",
            "garbage.fits|garbage.fits",
            "text.fits|text.fits"})
    void theHostileCorpusIsRefusedWithAReasonBeforeAnythingIsAllocated(String file, String reason) {
        Path hostile = Path.of("src/test/resources/hostile", file);
        assertThatThrownBy(() -> reader.read(hostile)).isInstanceOf(BadImage.class).hasMessageContaining(reason);
    }

    @Test
    void aTileTableThatDisagreesWithTheImageSizeIsRefused() {
        // the 40000 x 40000 claim within a lower limit reaches the tile table check: 64 rows cannot tile it
        assertThatThrownBy(() -> new FitsImageReader(2_000_000_000L).read(Path.of("src/test/resources/hostile/znaxis-40000.fits.fz")))
                .isInstanceOf(BadImage.class).hasMessageContaining("the tile table has 64 rows (NAXIS2) but ZNAXIS1/2 = 40000 x 40000 in tiles of 64 x 1 make 25000000");
    }

    @Test
    void aCorruptTileIsNamed(@TempDir Path dir) throws Exception {
        byte[] frame = Files.readAllBytes(RealFrames.frame(RealFrames.OGG_RP));
        // the SCI heap sits after the primary header (2880) and SCI header (9 blocks) and table (1020 x 24 bytes)
        int heap = 2880 + 9 * 2880 + 1020 * 24;
        Arrays.fill(frame, heap, heap + 200_000, (byte) 0xff);
        Path corrupt = Files.write(dir.resolve("corrupt.fits.fz"), frame);

        assertThatThrownBy(() -> reader.read(corrupt)).isInstanceOf(BadImage.class)
                .hasMessageContaining("corrupt.fits.fz: tile ");
    }

    @Test
    void theFirstCorruptTileIsNamedWhicheverCoreDecodedIt(@TempDir Path dir) throws Exception {
        // a large image's tiles are decoded in two halves, the second on another core: a corrupt tile in either is
        // named, and with one in each the first one is, as a decoder going tile after tile would
        byte[] original = Files.readAllBytes(RealFrames.frame(RealFrames.OGG_RP));
        Path late = Files.write(dir.resolve("late.fits.fz"), corruptTiles(original, 900));
        assertThatThrownBy(() -> reader.read(late)).isInstanceOf(BadImage.class).hasMessageContaining("late.fits.fz: tile 901:");
        Path both = Files.write(dir.resolve("both.fits.fz"), corruptTiles(original, 900, 100));
        assertThatThrownBy(() -> reader.read(both)).isInstanceOf(BadImage.class).hasMessageContaining("both.fits.fz: tile 101:");
    }

    /** The frame with the SCI tiles given (0-based) overwritten, found through their descriptors in the tile table. */
    private static byte[] corruptTiles(byte[] frame, int... tiles) {
        FitsLayout.Hdu science = FitsLayout.scan(RealFrames.frame(RealFrames.OGG_RP)).science();
        assertThat(science.header().string("TTYPE1").trim()).isEqualTo("COMPRESSED_DATA"); // its descriptor starts each row
        int table = (int) science.dataOffset();
        int rowLength = science.header().integer("NAXIS1", 0);
        int heap = table + (int) science.header().longValue("THEAP", (long) rowLength * science.header().integer("NAXIS2", 0));
        byte[] copy = frame.clone();
        java.nio.ByteBuffer descriptors = java.nio.ByteBuffer.wrap(copy);
        for (int tile : tiles) {
            int length = descriptors.getInt(table + tile * rowLength);
            int offset = descriptors.getInt(table + tile * rowLength + 4);
            Arrays.fill(copy, heap + offset, heap + offset + length, (byte) 0xff);
        }
        return copy;
    }

    /** Issue 42: the SCI, BPM and ERR planes of a frame; finding stars needs no ERR, and it is then left undecoded. */
    @Test
    void theErrorPlaneIsDecodedOnlyWhenAsked(@TempDir Path dir) throws Exception {
        float[][] sci = {{1, 2, 3}, {4, 5, 6}};
        float[][] err = {{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}};
        byte[][] bpm = {{0, 1, 0}, {0, 0, 0}};
        Path file = dir.resolve("three-planes.fits");
        try (Fits fits = new Fits()) {
            fits.addHDU(new nom.tam.fits.NullDataHDU());
            for (Object[] plane : new Object[][]{{"SCI", sci}, {"BPM", bpm}, {"ERR", err}}) {
                BasicHDU<?> hdu = Fits.makeHDU(plane[1]);
                hdu.getHeader().addValue("EXTNAME", (String) plane[0], null);
                fits.addHDU(hdu);
            }
            fits.write(file.toFile());
        }
        FitsImage all = reader.read(file);
        FitsImage forDetection = reader.readWithoutErrors(file);
        assertThat(all.errors()).containsExactly(0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f);
        assertThat(forDetection.errors()).isNull();
        assertThat(forDetection.pixels()).containsExactly(all.pixels());
        assertThat(forDetection.badPixels()).containsExactly(0, 1, 0, 0, 0, 0);
    }

    /** Issue 42: a frame is scanned header by header; a 2 GB file (sparse) is not read whole to find its science header. */
    @Test
    void aHugeFilesHeaderIsReadWithoutReadingItsData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.fits");
        StringBuilder header = new StringBuilder();
        for (String card : new String[]{"SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
                "NAXIS1  =                23170", "NAXIS2  =                23170", "OBJECT  = 'PDS 110 '", "END"}) {
            header.append(String.format("%-80s", card));
        }
        while (header.length() % 2880 != 0) {
            header.append(' ');
        }
        long data = 23170L * 23170L * 4;
        try (java.io.RandomAccessFile out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.write(header.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.setLength(header.length() + (data + 2879) / 2880 * 2880);
        }
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();
        assertThat(reader.readHeader(file).string("OBJECT")).isEqualTo("PDS 110");
        long after = runtime.totalMemory() - runtime.freeMemory();
        assertThat(after - before).as("bytes allocated to read the header of a %d-byte file", java.nio.file.Files.size(file)).isLessThan(64L << 20);
        assertThatThrownBy(() -> reader.read(file)).isInstanceOf(BadImage.class).hasMessageContaining("more than the limit");
    }
}
