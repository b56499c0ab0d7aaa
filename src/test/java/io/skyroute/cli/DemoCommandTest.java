package io.skyroute.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `skyroute demo`: the sample frames sorted, reduced and their products listed, on the embedded database. */
class DemoCommandTest {

    @Test
    void theSampleFramesBecomeLightcurves(@TempDir Path dir) throws Exception {
        CliRunner result = CliRunner.run("demo", "--dir", dir.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("8 sample frame(s)", "reduced reduction/PDS_110/sbig/rp: 6 frame(s), PDS_110 in rp: 6 point(s)",
                "reduced reduction/PDS_110/sbig/gp: 2 frame(s)");
        Path rp = dir.resolve("reduction/PDS_110/sbig/rp");
        assertThat(Files.readAllLines(rp.resolve("PDS_110_rp_lc.csv"))).hasSize(7);
        assertThat(rp.resolve("PDS_110_rp_lc.png")).isRegularFile();
        assertThat(dir.resolve("reduction/PDS_110/sbig/gp/PDS_110_gp_lc.ecsv")).isRegularFile();
        assertThat(dir.resolve("db")).isDirectory();
        String scatter = result.out().replaceAll("(?s).*PDS_110 in rp: 6 point\\(s\\), normalised scatter ([0-9.]+).*", "$1");
        assertThat(Double.parseDouble(scatter)).isLessThan(0.006);
    }
}
