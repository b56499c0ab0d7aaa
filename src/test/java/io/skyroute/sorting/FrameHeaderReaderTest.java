package io.skyroute.sorting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameHeaderReaderTest {

    @TempDir
    Path dir;

    private final FrameHeaderReader reader = new FrameHeaderReader();

    /** Expected values: the data set's manifest.csv (read from the frames by the data's curator with astropy). */
    @ParameterizedTest
    @CsvSource({
            "ogg0m404-kb82-20170815-1160-e91, kb82, rp, 2017-08-16T15:08:56.789, 11.938",
            "coj0m403-kb98-20170816-0392-e91, kb98, gp, 2017-08-16T19:32:40.642, ",
            "ogg0m404-kb82-20170816-0336-e91, kb82, gp, 2017-08-17T15:07:30.731, ",
            "coj0m405-kb97-20170817-0388-e91, kb97, rp, 2017-08-17T18:58:30.216, "})
    void readsTheScienceHeaderOfTileCompressedFrames(String basename, String instrument, String filter, String dateObs, Double exptime) throws Exception {
        FrameHeader header = reader.read(frame(basename));
        assertThat(header.object()).contains("PDS 110");
        assertThat(header.instrument()).contains(instrument);
        assertThat(header.filter()).contains(filter);
        assertThat(header.dateObs()).contains(dateObs);
        assertThat(header.integer("WCSERR")).hasValue(0);
        assertThat(header.integer("RLEVEL")).hasValue(91);
        assertThat(header.number("GAIN")).hasValue(1.0);
        assertThat(header.number("PIXSCALE")).hasValue(1.16);
        if (exptime != null) {
            assertThat(header.number("EXPTIME")).hasValue(exptime);
        }
        assertThat(header.ra()).hasValueSatisfying(ra -> assertThat(ra).startsWith("05:23:"));
    }

    @Test
    void aTruncatedFrameIsRefusedWithTheReason() throws Exception {
        byte[] whole = Files.readAllBytes(frame("ogg0m404-kb82-20170815-1160-e91"));
        Path cutInData = Files.write(dir.resolve("cut.fits.fz"), Arrays.copyOf(whole, 100_000));
        assertThatThrownBy(() -> reader.read(cutInData)).isInstanceOf(FrameHeaderReader.UnreadableFrame.class)
                .hasMessageContaining("cut.fits.fz: truncated: HDU 1 needs 1745280 bytes of data");
        Path cutInHeader = Files.write(dir.resolve("cut2.fits.fz"), Arrays.copyOf(whole, 2_000));
        assertThatThrownBy(() -> reader.read(cutInHeader)).hasMessageContaining("truncated");
    }

    @Test
    void filesThatAreNotFitsAreRefused() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.fits"), "SIMPLY not a FITS file\n");
        assertThatThrownBy(() -> reader.read(text)).hasMessageContaining("notes.fits: not a FITS file");
        Path empty = Files.createFile(dir.resolve("empty.fits"));
        assertThatThrownBy(() -> reader.read(empty)).isInstanceOf(FrameHeaderReader.UnreadableFrame.class).hasMessageContaining("empty.fits");
    }

    @Test
    void aPlainSingleHduFrameIsReadFromItsPrimaryHeader() throws Exception {
        Path plain = TestFits.write(dir.resolve("raw.fits"), Map.of("OBJECT", "OGLE-2026-BLG-0001", "INSTRUME", "fa04", "FILTER", "ip"));
        FrameHeader header = reader.read(plain);
        assertThat(header.object()).contains("OGLE-2026-BLG-0001");
        assertThat(header.instrument()).contains("fa04");
    }

    @Test
    void aRawMultiAmplifierFrameIsReadFromItsPrimaryHeader() throws Exception {
        Path raw = dir.resolve("lsc1m005-fa15-20260611-0100-e00.fits");
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits()) {
            nom.tam.fits.BasicHDU<?> primary = nom.tam.fits.Fits.makeHDU((Object) null);
            primary.getHeader().addValue("OBJECT", "OGLE-2026-BLG-0042", null);
            primary.getHeader().addValue("INSTRUME", "fa15", null);
            primary.getHeader().addValue("FILTER", "ip", null);
            primary.getHeader().addValue("RLEVEL", 0, null);
            fits.addHDU(primary);
            for (int amp = 1; amp <= 4; amp++) {
                nom.tam.fits.BasicHDU<?> image = nom.tam.fits.Fits.makeHDU(new short[8][8]);
                image.getHeader().addValue("EXTNAME", "AMP" + amp, null); // not SCI: the primary carries the science cards
                image.getHeader().addValue("FILTER", "should-not-win", null);
                fits.addHDU(image);
            }
            fits.write(raw.toFile());
        }
        FrameHeader header = reader.read(raw);
        assertThat(header.object()).contains("OGLE-2026-BLG-0042");
        assertThat(header.instrument()).contains("fa15");
        assertThat(header.filter()).contains("ip");
        assertThat(header.integer("RLEVEL")).hasValue(0);
        assertThat(new DatasetLayout(dir.resolve("red")).place(header).dataset())
                .hasValueSatisfying(d -> assertThat(d.folder()).isEqualTo(dir.resolve("red/OGLE-2026-BLG-0042/sinistro/ip")));
    }

    private Path frame(String basename) throws Exception {
        Path file = dir.resolve(basename + ".fits.fz");
        try (InputStream in = getClass().getResourceAsStream("/frames/" + basename + ".fits.fz")) {
            Files.copy(in, file);
        }
        return file;
    }
}
