package io.skyroute.reduction;

import io.skyroute.config.DateOrNone;
import io.skyroute.config.ReductionManagerConfig;
import io.skyroute.config.ReductionManagerConfig.DatasetSelection;
import io.skyroute.config.ReductionManagerConfig.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetSelectorTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final DatasetSelector selector = new DatasetSelector(Clock.fixed(NOW, ZoneOffset.UTC));

    @TempDir
    Path red;

    /** PDS_110/sbig/{rp,gp} (observed 2017-08-16/17, arrived now and 10 days ago) and OTHER/sinistro/ip (no frames). */
    private void layout() throws Exception {
        Path rp = SampleDatasets.dataset(red, "rp", "  aperture_arcsec: 3\n");
        Path gp = SampleDatasets.dataset(red, "gp", "  aperture_arcsec: 3\n");
        for (Path frame : AperturePipeline.frames(rp)) {
            Files.setLastModifiedTime(frame, FileTime.from(NOW.minus(Duration.ofHours(5))));
        }
        for (Path frame : AperturePipeline.frames(gp)) {
            Files.setLastModifiedTime(frame, FileTime.from(NOW.minus(Duration.ofDays(10))));
        }
        Path other = Files.createDirectories(red.resolve("OTHER/sinistro/ip"));
        Files.writeString(other.resolve(DatasetReducer.CONFIG_FILE), "target: {name: OTHER, RA: 1, Dec: 1}\n");
        Files.createDirectories(red.resolve("PDS_110/sbig/not-a-dataset"));
    }

    private List<String> select(List<String> instruments, DatasetSelection selection) {
        return selector.select(new ReductionManagerConfig(null, red, null, instruments, selection, 2)).stream()
                .map(p -> red.relativize(p).toString()).toList();
    }

    @Test
    void everyGroupAndTheInstrumentList() throws Exception {
        layout();
        Path list = Files.writeString(red.resolve("datasets.txt"), "# tonight\nPDS_110/sbig/gp\n\n" + red.resolve("OTHER/sinistro/ip") + "\nno/such/set\n");

        assertThat(select(List.of(), new DatasetSelection(Group.ALL, null, null, null, null)))
                .containsExactly("OTHER/sinistro/ip", "PDS_110/sbig/gp", "PDS_110/sbig/rp");
        assertThat(select(List.of("sbig"), new DatasetSelection(Group.ALL, null, null, null, null)))
                .containsExactly("PDS_110/sbig/gp", "PDS_110/sbig/rp");
        assertThat(select(List.of(), new DatasetSelection(Group.RECENT, null, null, null, 3.0)))
                .containsExactly("PDS_110/sbig/rp");
        assertThat(select(List.of(), new DatasetSelection(Group.RECENT, null, null, null, 30.0)))
                .containsExactly("PDS_110/sbig/gp", "PDS_110/sbig/rp");
        assertThat(select(List.of(), new DatasetSelection(Group.DATE, null, DateOrNone.parse("2017-08-17"), DateOrNone.parse("2017-08-17"), null)))
                .containsExactly("PDS_110/sbig/gp", "PDS_110/sbig/rp");
        assertThat(select(List.of(), new DatasetSelection(Group.DATE, null, DateOrNone.parse("2017-08-19"), null, null)))
                .containsExactly("PDS_110/sbig/rp");
        assertThat(select(List.of(), new DatasetSelection(Group.DATE, null, DateOrNone.parse("2018-01-01"), DateOrNone.parse("2018-12-31"), null))).isEmpty();
        assertThat(select(List.of(), new DatasetSelection(Group.FILE, list, null, null, null)))
                .containsExactly("OTHER/sinistro/ip", "PDS_110/sbig/gp");
    }

    @Test
    void badSelectionsAreNamed() {
        assertThatThrownBy(() -> DateOrNone.parse("16/08/2017"))
                .hasMessage("expected a date as 'YYYY-MM-DD' or 'None', found '16/08/2017'");
        assertThatThrownBy(() -> select(List.of(), new DatasetSelection(Group.FILE, null, null, null, null)))
                .hasMessage("dataset_selection.file: required with group: file");
    }
}
