package io.skyroute.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @TempDir
    Path folder;

    /** What a kill -9 leaves (a dead writer of this host, or a pid reused by a later process) goes; everything else stays. */
    @Test
    void leftoversOfDeadWritersOnThisHostAreRemovedAndNothingElse() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long deadPid = finished.pid();
        long deadStart = finished.info().startInstant().map(java.time.Instant::getEpochSecond).orElse(1L);
        Path sub = Files.createDirectories(folder.resolve("PDS_110/sbig/rp"));
        String host = AtomicFiles.host();
        long self = ProcessHandle.current().pid();

        Path dead = Files.writeString(sub.resolve(".frame.fits.fz." + host + "-" + deadPid + "-" + deadStart + "-7.part"), "half");
        Path reused = Files.writeString(folder.resolve(".lc.csv." + host + "-" + self + "-1-3.part"), "half");
        Path live = AtomicFiles.temporaryFor(sub.resolve("PDS_110_rp_lc.csv"));
        Path otherHost = Files.writeString(sub.resolve(".frame.fits.fz.otherhost-" + deadPid + "-" + deadStart + "-7.part"), "theirs");
        Path users = Files.writeString(folder.resolve(".incoming.fits.fz.part"), "a user's copy in progress");
        Path product = Files.writeString(sub.resolve("PDS_110_rp_lc.csv"), "time,filter,magnitude,error\n");

        List<Path> removed = AtomicFiles.removeLeftovers(List.of(folder));

        assertThat(removed).containsExactlyInAnyOrder(dead, reused);
        assertThat(dead).doesNotExist();
        assertThat(reused).doesNotExist();
        assertThat(live).exists();
        assertThat(otherHost).exists();
        assertThat(users).exists();
        assertThat(product).exists();
        assertThat(AtomicFiles.removeLeftovers(List.of(folder.resolve("absent")))).isEmpty();
    }

    /** A claim left by a killed writer (found by the fault suite: a dataset never got its reduction_config.yaml) is taken over; a live one is not. */
    @Test
    void aClaimOfADeadWriterIsTakenOverAndALiveOneRefused() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long deadStart = finished.info().startInstant().map(java.time.Instant::getEpochSecond).orElse(1L);
        Path dead = Files.writeString(folder.resolve(".a.claim"), AtomicFiles.host() + "-" + finished.pid() + "-" + deadStart);
        assertThat(AtomicFiles.claim(dead)).as("a dead writer's claim").isTrue();
        assertThat(Files.readString(dead)).contains("-" + ProcessHandle.current().pid() + "-");

        Path ours = folder.resolve(".b.claim");
        assertThat(AtomicFiles.claim(ours)).isTrue();
        assertThat(AtomicFiles.claim(ours)).as("held by a live process (this one)").isFalse();

        Path otherHost = Files.writeString(folder.resolve(".c.claim"), "otherhost-" + finished.pid() + "-" + deadStart);
        assertThat(AtomicFiles.claim(otherHost)).as("another host's").isFalse();

        Path fresh = Files.createFile(folder.resolve(".d.claim"));
        assertThat(AtomicFiles.claim(fresh)).as("no holder yet, a second old").isFalse();
        Path old = Files.createFile(folder.resolve(".e.claim"));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        assertThat(AtomicFiles.claim(old)).as("no holder for two minutes (an older version's)").isTrue();
    }
}
