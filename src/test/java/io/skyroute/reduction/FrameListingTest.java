package io.skyroute.reduction;

import io.skyroute.pipeline.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline's repeated listing gives what {@link Dataset#frames()} gives, run after run, as frames come and go. */
class FrameListingTest {

    @TempDir
    Path dataset;

    @Test
    void listsWhatTheDatasetHoldsRunAfterRun() throws Exception {
        FrameListing listing = new FrameListing();
        Files.writeString(dataset.resolve("b-0002.fits.fz"), "x");
        Files.writeString(dataset.resolve("a-0001.fits"), "x");
        Files.writeString(dataset.resolve(".a-0003.fits.fz.tmp"), "x"); // being written
        Files.writeString(dataset.resolve("reduction_config.yaml"), "x");
        Files.createDirectories(dataset.resolve("c-0004.fits"));          // a folder with a frame's name
        Files.createSymbolicLink(dataset.resolve("d-0005.fits"), dataset.resolve("gone.fits")); // dangling

        assertThat(listing.frames(dataset)).containsExactly(dataset.resolve("a-0001.fits"), dataset.resolve("b-0002.fits.fz"))
                .isEqualTo(Dataset.of(dataset).frames());

        Files.writeString(dataset.resolve("a-0000.fts"), "x");
        Files.delete(dataset.resolve("b-0002.fits.fz"));
        Files.writeString(dataset.resolve("d-0005.fits.target"), "x");
        Files.delete(dataset.resolve("d-0005.fits"));
        Files.createSymbolicLink(dataset.resolve("d-0005.fits"), dataset.resolve("d-0005.fits.target"));

        assertThat(listing.frames(dataset)).containsExactly(dataset.resolve("a-0000.fts"), dataset.resolve("a-0001.fits"),
                dataset.resolve("d-0005.fits")).isEqualTo(Dataset.of(dataset).frames());
    }

    @Test
    void aMissingFolderHasNoFrames() throws Exception {
        assertThat(new FrameListing().frames(dataset.resolve("not-there"))).isEmpty();
    }
}
