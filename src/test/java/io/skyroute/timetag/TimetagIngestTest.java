package io.skyroute.timetag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyroute.config.Secrets;
import io.skyroute.config.TimetagConfig;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.TimetagLedger;
import io.skyroute.pipeline.LightcurveReady;
import io.skyroute.testing.TestDatabases;
import io.skyroute.timetag.events.BinnedLightcurve;
import io.skyroute.timetag.events.Binner;
import io.skyroute.timetag.events.EventFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * hstlc's ingest on real-shaped COS/STIS time-tag files made by astropy (src/test/python/timetag_fixtures.py):
 * binning equal to numpy's on the same events, bad data kept with its reason, files filed, exposures recorded,
 * composites rebuilt with provenance.
 */
class TimetagIngestTest {

    static final Path FIXTURES = Path.of("src/test/resources/timetag");

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"la1a01abq_corrtag_a.fits", "la1a01abq_corrtag_b.fits", "la1a02acq_corrtag_a.fits", "o5hn01010_tag.fits"})
    void binningEqualsNumpyOnTheSameEvents(String file) throws Exception {
        JsonNode reference = new ObjectMapper().readTree(FIXTURES.resolve("binning_reference.json").toFile()).get(file);
        BinnedLightcurve lc = new Binner(1.0, null).bin(EventFiles.read(FIXTURES.resolve(file)));
        assertThat(lc.size()).isEqualTo(reference.get("counts").size());
        for (int i = 0; i < lc.size(); i++) {
            assertThat(lc.counts()[i]).as("bin %d", i).isEqualTo(reference.get("counts").get(i).asLong());
            assertThat(lc.mjd()[i]).isCloseTo(reference.get("mjd").get(i).asDouble(), within(1e-9));
            assertThat(lc.rate()[i]).isEqualTo(lc.counts()[i] / 1.0);
            assertThat(lc.error()[i]).isCloseTo(Math.sqrt(lc.counts()[i]), within(1e-12));
        }
    }

    @Test
    void ingestFilesBadDataAndBuildsComposites() throws Exception {
        TimetagConfig config = new TimetagConfig(true, null, null, null, null, null, null, null, null, null).withDefaultsFor(work.resolve("var"), false);
        Files.createDirectories(config.ingestDir());
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".fits")).toList()) {
                Files.copy(f, config.ingestDir().resolve(f.getFileName()));
            }
        }
        try (LedgerDatabase db = LedgerDatabase.connect(TestDatabases.h2(work), new Secrets(Map.of())).open()) {
            TimetagLedger ledger = new TimetagLedger(db);
            TimetagIngest ingest = new TimetagIngest(config, ledger, "test");
            TimetagIngest.Result result = ingest.ingestAll();

            assertThat(result.ingested()).containsExactlyInAnyOrder("la1a01abq_corrtag_a.fits", "la1a01abq_corrtag_b.fits",
                    "la1a02acq_corrtag_a.fits", "o5hn01010_tag.fits");
            assertThat(result.moved()).containsExactly("la1a01abq_x1d.fits");
            assertThat(result.bad()).containsOnlyKeys("lbad01flg_corrtag_a.fits", "lbad02emp_corrtag_a.fits", "lbad03bak_corrtag_a.fits",
                    "lbad04one_corrtag_a.fits", "lbad05sht_corrtag_a.fits", "lbad06trn_corrtag_a.fits");
            assertThat(result.bad().get("lbad01flg_corrtag_a.fits")).contains("EXPFLAG", "INTERRUPTED");
            assertThat(result.bad().get("lbad02emp_corrtag_a.fits")).isEqualTo("no events");
            assertThat(result.bad().get("lbad03bak_corrtag_a.fits")).contains("not monotonic at event 11");
            assertThat(result.bad().get("lbad04one_corrtag_a.fits")).contains("at one time");
            assertThat(result.bad().get("lbad05sht_corrtag_a.fits")).contains("shorter than the minimum 1.0 s");
            assertThat(result.bad().get("lbad06trn_corrtag_a.fits")).contains("not a readable FITS file");
            // nothing lost: the ingest folder is empty, every file is filed or in bad data, with a ledger row
            try (Stream<Path> left = Files.list(config.ingestDir())) {
                assertThat(left.toList()).isEmpty();
            }
            assertThat(config.badDataDir().resolve("lbad06trn_corrtag_a.fits")).isRegularFile();
            assertThat(ledger.badData()).hasSize(6);
            assertThat(config.filesystemDir().resolve("TW-HYA/COS/la1a01abq_corrtag_a.fits")).isRegularFile();
            assertThat(config.filesystemDir().resolve("TW-HYA/COS/la1a01abq_x1d.fits")).isRegularFile();
            assertThat(config.filesystemDir().resolve("V4046-SGR/STIS/o5hn01010_tag.fits")).isRegularFile();

            TimetagLedger.Exposure a = ledger.exposure("la1a01abq_corrtag_a.fits").orElseThrow();
            assertThat(a).extracting(TimetagLedger.Exposure::target, TimetagLedger.Exposure::instrument, TimetagLedger.Exposure::grating,
                    TimetagLedger.Exposure::cenwave, TimetagLedger.Exposure::segment, TimetagLedger.Exposure::bins)
                    .containsExactly("TW-HYA", "COS", "G130M", "1291", "A", 270);
            assertThat(a.exptime()).isEqualTo(300.0);
            assertThat(Path.of(a.lightcurve())).isRegularFile();
            assertThat(config.outputsDir().resolve("TW-HYA/la1a01abq_A_lc.fits")).isRegularFile();

            // composites: TW-HYA COS G130M 1291 of three files (810 bins), V4046-SGR STIS G140L 1425
            assertThat(result.composites()).extracting(LightcurveReady::target).containsExactlyInAnyOrder("TW-HYA", "V4046-SGR");
            LightcurveReady twHya = result.composites().stream().filter(c -> c.target().equals("TW-HYA")).findFirst().orElseThrow();
            assertThat(twHya.dataset().folder()).isEqualTo(config.compositeDir().resolve("TW-HYA/COS/G130M_1291").toAbsolutePath().normalize());
            List<String> csv = Files.readAllLines(twHya.lightcurveCsv());
            assertThat(csv.get(0)).isEqualTo("time,filter,magnitude,error");
            String ecsv = Files.readString(twHya.dataset().folder().resolve("TW-HYA_G130M_1291_lc.ecsv"));
            assertThat(ecsv.lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(1 + 810);
            JsonNode provenance = new ObjectMapper().readTree(twHya.provenance().toFile());
            assertThat(provenance.get("input_files")).hasSize(3);
            assertThat(provenance.get("products").size()).isEqualTo(3);
            long compositeCounts = ecsv.lines().filter(l -> !l.startsWith("#") && !l.startsWith("time"))
                    .mapToLong(l -> Long.parseLong(l.split(" ")[2])).sum();
            JsonNode reference = new ObjectMapper().readTree(FIXTURES.resolve("binning_reference.json").toFile());
            long expected = Stream.of("la1a01abq_corrtag_a.fits", "la1a01abq_corrtag_b.fits", "la1a02acq_corrtag_a.fits")
                    .flatMap(n -> java.util.stream.StreamSupport.stream(reference.get(n).get("counts").spliterator(), false))
                    .mapToLong(JsonNode::asLong).sum();
            assertThat(compositeCounts).isEqualTo(expected);

            // a second pass with nothing new does nothing
            TimetagIngest.Result again = ingest.ingestAll();
            assertThat(again.ingested()).isEmpty();
            assertThat(again.composites()).isEmpty();
            // the same file dropped again (identical copy): no duplicate kept, no second row
            Files.copy(FIXTURES.resolve("o5hn01010_tag.fits"), config.ingestDir().resolve("o5hn01010_tag.fits"));
            assertThat(ingest.ingestAll().ingested()).containsExactly("o5hn01010_tag.fits");
            assertThat(ledger.exposures().stream().map(TimetagLedger.Exposure::fileName).collect(Collectors.toList())).hasSize(4);
        }
    }
}
