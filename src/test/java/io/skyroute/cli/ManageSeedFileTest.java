package io.skyroute.cli;

import io.skyroute.testing.SeedExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.skyroute.testing.SeedExamples.replacing;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code skyroute manage} driven by the seed's own example_reduction_manager_configuration.yaml (group: file, sinistro + qhy). */
class ManageSeedFileTest {

    static final List<String> RP_FRAMES = List.of("coj0m403-kb98-20170816-0396-e91.fits.fz", "coj0m405-kb97-20170817-0388-e91.fits.fz",
            "ogg0m404-kb82-20170815-1160-e91.fits.fz");

    @TempDir
    Path dir;

    @Test
    void theSeedsManagerFileReducesTheListedDatasetsOfItsInstruments() throws Exception {
        Path red = dir.resolve("red");
        Path sinistro = dataset(red.resolve("PDS_110/sinistro/rp"));
        Path sbig = dataset(red.resolve("PDS_110/sbig/rp"));
        Path unlisted = dataset(red.resolve("OTHER/sinistro/rp"));
        Files.writeString(dir.resolve("reduce_datasets.txt"), "PDS_110/sinistro/rp\nPDS_110/sbig/rp\n");
        Path manager = SeedExamples.copy("example_reduction_manager_configuration.yaml", dir, replacing(
                "'/path/to/logging/directory/'", "'" + dir.resolve("logs") + "/'",
                "'/path/to/top-level/reduction/directory/'", "'" + red + "/'",
                "'/path/to/datasets/file/reduce_datasets.txt'", "'" + dir.resolve("reduce_datasets.txt") + "'"));
        Path config = Files.writeString(dir.resolve("skyroute.yaml"), "data_dir: " + dir.resolve("var") + "\n");

        CliRunner result = CliRunner.run("manage", manager.toString(), "--config", config.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("reduced " + sinistro, "1 dataset(s) reduced, 0 locked, 0 failed");
        assertThat(sinistro.resolve("PDS_110_rp_lc.csv")).as("sinistro is in the seed's instrument_list").isRegularFile();
        assertThat(sbig.resolve("PDS_110_rp_lc.csv")).as("sbig is not").doesNotExist();
        assertThat(unlisted.resolve("PDS_110_rp_lc.csv")).as("not in the datasets file").doesNotExist();
        assertThat(Files.readString(dir.resolve("logs/arcon_pipeline.log"))).as("the seed's manager log")
                .contains("software_dir: accepted and not used");
    }

    private static Path dataset(Path folder) throws Exception {
        Files.createDirectories(folder);
        for (String frame : RP_FRAMES) {
            Files.copy(Path.of("samples/frames", frame), folder.resolve(frame));
        }
        Files.writeString(folder.resolve("reduction_config.yaml"), """
                target:
                  name: PDS_110
                  RA: "05:23:31.0"
                  Dec: "-01:04:24"
                photometry:
                  aperture_arcsec: 6.96
                  comparison_stars: ["80.965269 -1.386212", "05:23:26.36 -01:19:37.3"]
                """);
        return folder;
    }
}
