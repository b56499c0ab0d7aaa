package io.skyroute.sources.dropbox;

import io.skyroute.testing.DropboxStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Release downloads driven by a file list in vast-tools' own packaged format: paths only, no sizes, no checksums. */
class ReleaseDownloaderTest {

    static final String IMAGE = "/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits";
    static final String RMS = "/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_rms.fits";

    DropboxStandIn dropbox;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        dropbox = new DropboxStandIn("tok-123", ReleaseClientTest.LINK, "link-pw");
        dropbox.add(IMAGE, "image-0918-with-some-length".getBytes(StandardCharsets.UTF_8));
        dropbox.add(RMS, "rms-map".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        dropbox.close();
    }

    @Test
    void aPathsOnlyListDownloadsWithAWarningPerFileAndAShortBodyIsFetchedAgain() throws Exception {
        Path list = Files.writeString(dir.resolve("dropbox_files.txt"), """
                # File list on VAST Pilot survey dropbox as of 2020-04-02 20:08:23.950300
                %s
                %s
                """.formatted(IMAGE, RMS));
        List<ReleaseFile> files = FileList.read(list);
        assertThat(files).extracting(ReleaseFile::path).containsExactly(IMAGE, RMS);
        assertThat(files).allSatisfy(f -> assertThat(f.contentHash()).isNull());
        dropbox.truncateOnce(IMAGE);

        ReleaseDownloader.Result result = new ReleaseDownloader(ReleaseClientTest.clientOf(dropbox, "tok-123", "link-pw"), 2, 2).download(files, dir.resolve("release"), false, done -> { });

        assertThat(result.downloaded()).isEqualTo(2);
        assertThat(result.failed()).isZero();
        assertThat(dir.resolve("release" + IMAGE)).hasContent("image-0918-with-some-length");
        assertThat(dir.resolve("release" + RMS)).hasContent("rms-map");
        assertThat(result.problems()).containsExactlyInAnyOrder(IMAGE + ": warning: no checksum to verify against",
                RMS + ": warning: no checksum to verify against");
        assertThat(dropbox.downloads()).as("the short body was fetched again").isEqualTo(3);
    }
}
