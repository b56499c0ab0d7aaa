package io.skyroute.sorting;

import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import io.skyroute.config.Secrets;
import io.skyroute.pipeline.TargetPositions;
import io.skyroute.testing.TomStandIn;
import io.skyroute.tom.TomClient;
import io.skyroute.tom.TomTargetPositions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a new dataset's target is: the template, the targets file, the TOM, and only then the frame header — each written down. */
class TargetPositionsTest {

    @TempDir
    Path dir;

    final FrameHeader pointing = new FrameHeader(Map.of("OBJECT", "PDS 110", "RA", "05:23:31.0216", "DEC", "-01:10:21.87"));

    private ReductionConfig prepared(Path dataset) {
        return new ConfigLoader(Map.of()).load(dataset.resolve(DatasetPreparation.CONFIG_FILE), ConfigKind.REDUCTION, ReductionConfig.class);
    }

    @Test
    void theShippedTargetsFileKnowsPds110ByNameAndSpelling() throws Exception {
        TargetsFile targets = TargetsFile.read(Path.of("config/targets.csv"));
        assertThat(targets.find("PDS_110")).hasValueSatisfying(p -> {
            assertThat(p.ra()).isEqualTo("05:23:30.99");
            assertThat(p.dec()).isEqualTo("-01:04:24.0");
            assertThat(p.source()).contains("config/targets.csv");
        });
        assertThat(targets.find("pds 110")).isPresent();
        assertThat(targets.find("PDS 1100")).isEmpty();

        Path yaml = Files.writeString(dir.resolve("targets.yaml"), "targets:\n  - {name: KELT-9, aliases: [HD 195689], ra: 307.8598, dec: 39.9389}\n");
        assertThat(TargetsFile.read(yaml).find("HD_195689")).hasValueSatisfying(p -> assertThat(p.ra()).isEqualTo("307.8598"));

        Path bad = Files.writeString(dir.resolve("bad.csv"), "name,aliases,ra,dec\nX,,99:99:99,0\n");
        assertThatThrownBy(() -> TargetsFile.read(bad)).hasMessageContaining(bad + ": target 1 (X): expected RA");
    }

    @Test
    void theTargetsFileComesBeforeTheHeaderAndSaysSo() throws Exception {
        Path dataset = dir.resolve("red/PDS_110/sbig/rp");
        new DatasetPreparation(null, TargetsFile.read(Path.of("config/targets.csv"))).prepare(dataset, "PDS_110", pointing);

        assertThat(prepared(dataset).target().dec()).isEqualTo("-01:04:24.0");
        assertThat(Files.readAllLines(dataset.resolve(DatasetPreparation.CONFIG_FILE)).get(0))
                .isEqualTo("# target coordinates from: the targets file config/targets.csv (PDS 110)");
    }

    @Test
    void theHeaderIsTheLastResortAndIsMarkedAsSuch() throws Exception {
        Path dataset = dir.resolve("red/OTHER/sbig/rp");
        new DatasetPreparation(null, TargetsFile.read(Path.of("config/targets.csv"))).prepare(dataset, "OTHER", pointing);

        assertThat(prepared(dataset).target().dec()).isEqualTo("-01:10:21.87");
        assertThat(Files.readAllLines(dataset.resolve(DatasetPreparation.CONFIG_FILE)).get(0))
                .isEqualTo(DatasetPreparation.COORDINATES_COMMENT + DatasetPreparation.FROM_HEADER);
    }

    /** The TOM's targets API by exact name or alias (as for uploads), after the file and before the header. */
    @Test
    void theTomAnswersWhenTheFileDoesNot() throws Exception {
        try (TomStandIn tom = new TomStandIn("pipeline", "pw-1234");
             TomClient client = new TomClient(tom.url(), "pipeline", new Secrets(Map.of("P", "pw-1234")).require("P", "test"),
                     Duration.ofSeconds(10), io.skyroute.config.HttpLimitsConfig.defaults())) {
            tom.addTarget("Gaia21bcv", 101.5, -7.25, "AT2021abc");
            tom.addTarget("Gaia21bcv-b", 10, 10);
            TargetPositions positions = TargetPositions.firstOf(List.of(TargetsFile.read(Path.of("config/targets.csv")),
                    new TomTargetPositions(() -> client)));

            Path dataset = dir.resolve("red/AT2021abc/sbig/rp");
            new DatasetPreparation(null, positions).prepare(dataset, "AT2021abc", pointing);

            assertThat(Double.parseDouble(prepared(dataset).target().ra())).isEqualTo(101.5);
            assertThat(Double.parseDouble(prepared(dataset).target().dec())).isEqualTo(-7.25);
            assertThat(Files.readAllLines(dataset.resolve(DatasetPreparation.CONFIG_FILE)).get(0)).contains("the TOM at", "target Gaia21bcv");
            assertThat(positions.find("Gaia21")).as("a substring is not a match").isEmpty();
            tom.unavailableFor(100);
            assertThat(new TomTargetPositions(() -> client).find("Gaia21bcv")).as("a TOM away answers nothing").isEmpty();
        }
    }
}
