package io.skyroute.sorting;

import io.skyroute.pipeline.SafeNames;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetLayoutTest {

    @TempDir
    Path red;

    @Test
    void realFramesGoToTargetInstrumentClassAndFilter() throws Exception {
        DatasetLayout layout = new DatasetLayout(red);
        Path frame = red.resolveSibling(red.getFileName() + "-frame.fits.fz");
        try (InputStream in = getClass().getResourceAsStream("/frames/ogg0m404-kb82-20170815-1160-e91.fits.fz")) {
            Files.copy(in, frame);
        }
        DatasetLayout.Placement placement = layout.place(new FrameHeaderReader().read(frame));
        assertThat(placement.problem()).isEmpty();
        io.skyroute.pipeline.Dataset dataset = placement.dataset().orElseThrow();
        assertThat(dataset.folder()).isEqualTo(red.resolve("PDS_110/sbig/rp"));
        assertThat(dataset.target()).isEqualTo("PDS_110");
        assertThat(dataset.instrument()).isEqualTo(InstrumentClass.SBIG.directoryName());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "fa04, sinistro", "fl16, sinistro", "ep02, muscat", "sq31, qhy", "kb82, sbig", "en06, floyds", "GHTS_RED, goodman", "GHTS_BLUE, goodman"})
    void instrumentClassesFromTheInstrumentCode(String code, String directory) {
        assertThat(InstrumentClass.of(code)).hasValueSatisfying(c -> assertThat(c.directoryName()).isEqualTo(directory));
    }

    @Test
    void spectraAreGroupedByNight() {
        DatasetLayout.Placement placement = new DatasetLayout(red).place(header("OBJECT", "SN 2026abc", "INSTRUME", "en06", "DAY-OBS", "20260611"));
        assertThat(placement.dataset()).hasValueSatisfying(d -> assertThat(d.folder()).isEqualTo(red.resolve("SN_2026abc/floyds/20260611")));
    }

    @ParameterizedTest(name = "OBJECT {0}")
    @CsvSource(delimiter = '|', value = {
            "../../etc|.._.._etc", "/etc/passwd|_etc_passwd", "PDS 110|PDS_110", "M31;rm -rf|M31_rm_-rf", "a/b\\\\c|a_b__c"})
    void hostileNamesStayOneDirectoryInsideTheReductionDir(String object, String expected) {
        DatasetLayout.Placement placement = new DatasetLayout(red).place(header("OBJECT", object, "INSTRUME", "kb82", "FILTER", "rp"));
        io.skyroute.pipeline.Dataset dataset = placement.dataset().orElseThrow();
        assertThat(dataset.target()).isEqualTo(expected);
        assertThat(dataset.folder().getParent().getParent().getParent()).isEqualTo(red);
    }

    @org.junit.jupiter.api.Test
    void aVeryLongObjectIsCutWithAHashSoItStaysAUsableAndDistinctName() {
        String object = "X".repeat(5000);
        io.skyroute.pipeline.Dataset one = new DatasetLayout(red).place(header("OBJECT", object, "INSTRUME", "kb82", "FILTER", "rp")).dataset().orElseThrow();
        io.skyroute.pipeline.Dataset other = new DatasetLayout(red).place(header("OBJECT", object + "Y", "INSTRUME", "kb82", "FILTER", "rp")).dataset().orElseThrow();
        assertThat(one.target()).hasSize(SafeNames.MAX_LENGTH).startsWith("XXXX").matches("X{87}-[0-9a-f]{12}");
        assertThat(other.target()).hasSize(SafeNames.MAX_LENGTH).isNotEqualTo(one.target());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no OBJECT in the header||kb82|rp",
            "OBJECT '..' leaves no usable directory name|..|kb82|rp",
            "OBJECT '///' leaves no usable directory name|///|kb82|rp",
            "unknown instrument 'zz99'|PDS 110|zz99|rp",
            "no INSTRUME in the header|PDS 110||rp",
            "no FILTER in the header|PDS 110|kb82|"})
    void framesThatCannotBePlacedSayWhy(String reason, String object, String instrument, String filter) {
        Map<String, String> cards = new HashMap<>();
        if (object != null) cards.put("OBJECT", object);
        if (instrument != null) cards.put("INSTRUME", instrument);
        if (filter != null) cards.put("FILTER", filter);
        DatasetLayout.Placement placement = new DatasetLayout(red).place(new FrameHeader(cards));
        assertThat(placement.dataset()).isEmpty();
        assertThat(placement.problem()).contains(reason);
    }

    private static FrameHeader header(String... keyValues) {
        Map<String, String> cards = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            cards.put(keyValues[i], keyValues[i + 1]);
        }
        return new FrameHeader(cards);
    }

    @org.junit.jupiter.api.Test
    void aRulesOwnLayoutIsThreeSafeParts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path red) {
        DatasetLayout layout = new DatasetLayout(red);

        io.skyroute.pipeline.Dataset survey = layout.custom("VAST_0918+00A/askap/EPOCH02").dataset().orElseThrow();
        assertThat(survey.folder()).isEqualTo(red.toAbsolutePath().normalize().resolve("VAST_0918+00A/askap/EPOCH02"));
        assertThat(survey.target()).isEqualTo("VAST_0918+00A");
        assertThat(layout.custom("only/two").problem()).contains("layout gave 'only/two': expected TARGET/instrument/subset");
        assertThat(layout.custom("../../etc").problem()).isPresent();
        assertThat(layout.custom("null/askap/null").dataset()).isPresent();
        assertThat(layout.custom(null).problem()).isPresent();
    }
}
