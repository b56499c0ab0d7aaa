package io.skyroute.sources.dropbox;

import io.skyroute.config.Secrets;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.testing.DropboxStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Dropbox SDK's own client against the loopback Dropbox, reached through DROPBOX_API_HOST-style base URLs. */
class ReleaseClientTest {

    static final String LINK = "https://www.dropbox.com/sh/vastpilot/AAA?dl=0";
    static final Secrets SECRETS = new Secrets(Map.of("DBX_TOKEN", "tok-123", "DBX_PW", "link-pw"));

    DropboxStandIn dropbox;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        dropbox = new DropboxStandIn("tok-123", LINK, "link-pw");
        dropbox.add("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits", "image-0918".getBytes(StandardCharsets.UTF_8));
        dropbox.add("/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_rms.fits", "rms".getBytes(StandardCharsets.UTF_8));
        dropbox.add("/EPOCH01/COMBINED/STOKESV_SELAVY/VAST_0918+00A.EPOCH01.V.selavy.components.txt", "c".getBytes(StandardCharsets.UTF_8));
        dropbox.add("/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH02.I.fits", "image-2".getBytes(StandardCharsets.UTF_8));
        dropbox.add("/EPOCH03x/TILES/STOKESI_IMAGES/a.fits", "t".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        dropbox.close();
    }

    private ReleaseClient client(String token, String password) {
        return clientOf(dropbox, token, password);
    }

    /** The production client, reaching the stand-in through DROPBOX_API_HOST-style base URLs. */
    static ReleaseClient clientOf(DropboxStandIn dropbox, String token, String password) {
        DropboxHosts hosts = DropboxHosts.fromEnvironment(Map.of("DROPBOX_API_HOST", dropbox.url(), "DROPBOX_API_CONTENT_HOST", dropbox.url()));
        return new ReleaseClient(hosts, new Secrets(Map.of("T", token)).require("T", "access_token"), LINK,
                password == null ? null : new Secrets(Map.of("P", password)).require("P", "password"), "skyroute-test");
    }

    @Test
    void contentHashMatchesDropboxsVectors() {
        assertThat(ContentHash.of(new byte[0])).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(ContentHash.of("hello".getBytes(StandardCharsets.US_ASCII))).isEqualTo("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50");
        assertThat(ContentHash.of(new byte[4 * 1024 * 1024 + 1])).isEqualTo("14a4d47f23a30177885d9820122f17d2d3a55fe63f7f5c27b95f689e0b2accd6");
    }

    @Test
    void listsTheWholeTreeFollowingCursorsAndDownloadsWithHashes() throws Exception {
        List<ReleaseFile> files = client("tok-123", "link-pw").list("");

        assertThat(files).extracting(ReleaseFile::path).containsExactly(
                "/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits",
                "/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_rms.fits",
                "/EPOCH01/COMBINED/STOKESV_SELAVY/VAST_0918+00A.EPOCH01.V.selavy.components.txt",
                "/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH02.I.fits",
                "/EPOCH03x/TILES/STOKESI_IMAGES/a.fits");
        assertThat(files.get(0).contentHash()).isEqualTo(ContentHash.of("image-0918".getBytes(StandardCharsets.UTF_8)));
        assertThat(files.get(0).size()).isEqualTo(10);

        Path target = dir.resolve("img.fits");
        ReleaseClient.Downloaded downloaded = client("tok-123", "link-pw").download(files.get(0).path(), target);
        assertThat(target).hasContent("image-0918");
        assertThat(downloaded.contentHash()).isEqualTo(files.get(0).contentHash());
        assertThat(downloaded.md5()).as("md5sum of the same bytes").isEqualTo("2ef05726ca93f363586cf4a7e3740640");
        assertThat(downloaded.bytes()).isEqualTo(10);
    }

    @Test
    void aShortBodyIsCaughtByTheLinkMetadataSizeEvenWithoutAChecksum() {
        dropbox.truncateOnce("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits");

        assertThatThrownBy(() -> client("tok-123", "link-pw").download("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits", dir.resolve("x")))
                .isInstanceOf(TransientFailure.class)
                .hasMessage("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits: received 5 of its 10 bytes");
    }

    @Test
    void errorsAreClassified() {
        assertThatThrownBy(() -> client("wrong", "link-pw").list("")).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("refused the access token");
        assertThatThrownBy(() -> client("tok-123", "bad-pw").list("")).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("listing /");
        assertThatThrownBy(() -> client("tok-123", "link-pw").download("/EPOCH09/none.fits", dir.resolve("x"))).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("/EPOCH09/none.fits");
        dropbox.rateLimitNext(1);
        assertThatThrownBy(() -> client("tok-123", "link-pw").list("")).isInstanceOf(TransientFailure.class)
                .satisfies(e -> assertThat(((TransientFailure) e).retryAfter()).isPresent());
    }
}
