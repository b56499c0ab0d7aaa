package io.skyroute.cli;

import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** `skyroute tom upload` (the seed's upload_lcs_to_tom.py) and `skyroute tom status`, against the loopback TOM. */
class TomCommandTest {

    @Test
    void uploadsOnceReplacesOnChangeAndShowsTheLedger(@TempDir Path dir) throws Exception {
        try (TomStandIn tom = new TomStandIn("pipeline", "plain-in-file")) {
            tom.addTarget("PDS_110");
            // the seed's plain tom_password: accepted (config check warns), as the seed scripts wrote it
            Path tomConfig = Files.writeString(dir.resolve("tom_config.yaml"), "url: " + tom.url() + "\ntom_user_id: pipeline\ntom_password: plain-in-file\n");
            Path config = Files.writeString(dir.resolve("skyroute.yaml"), "data_dir: " + dir.resolve("var") + "\ntom: " + tomConfig + "\n");
            Path dataset = Files.createDirectories(dir.resolve("red/PDS_110/sbig/rp"));
            Files.writeString(dataset.resolve("reduction_config.yaml"), "target: {name: PDS_110, RA: 1, Dec: 1}\n");
            Path lc = Files.writeString(dataset.resolve("PDS_110_rp_lc.csv"), "time,filter,magnitude,error\n57981.6,rp,13.8,0.002\n");

            CliRunner first = CliRunner.run("tom", "upload", "--config", config.toString(), dataset.toString());
            CliRunner second = CliRunner.run("tom", "upload", "--config", config.toString(), lc.toString());
            Files.writeString(lc, "time,filter,magnitude,error\n57981.6,rp,13.8,0.002\n57982.6,rp,13.7,0.002\n");
            CliRunner third = CliRunner.run("tom", "upload", "--config", config.toString(), dataset.toString());
            CliRunner status = CliRunner.run("tom", "status", "--config", config.toString());

            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out()).contains("uploaded (TOM product", "label PDS_110_sbig_rp");
            assertThat(second.out()).contains("unchanged");
            assertThat(third.out()).contains("uploaded", "replaced [");
            assertThat(tom.products()).hasSize(1);
            assertThat(status.out()).contains("DELIVERED", "REPLACED", "2 upload(s)");
            assertThat(first.out() + first.err() + status.out()).doesNotContain("plain-in-file");
        }
    }
}
