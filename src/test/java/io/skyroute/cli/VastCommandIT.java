package io.skyroute.cli;

import io.skyroute.sources.dropbox.ContentHash;
import io.skyroute.testing.DropboxStandIn;
import io.skyroute.testing.SeedExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** `skyroute vast` as a user runs it (its own JVM), against the loopback Dropbox reached through DROPBOX_API_HOST. */
class VastCommandIT {

    static final String LINK = "https://www.dropbox.com/sh/vastpilot/AAA?dl=0";

    @TempDir
    Path work;

    record Run(int exit, String output) {
    }

    private Run vast(DropboxStandIn dropbox, Map<String, String> env, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("vast", "--dropbox-config", work.resolve("dropbox.cfg").toString()));
        all.addAll(List.of(args));
        return seedVast(dropbox, env, all.toArray(String[]::new));
    }

    /** The command line exactly as given (the seed's defaults apply), run in the work folder. */
    private Run seedVast(DropboxStandIn dropbox, Map<String, String> env, String... all) throws Exception {
        ProcessBuilder builder = SkyrouteJar.command(all).directory(work.toFile()).redirectErrorStream(true);
        builder.environment().put("DROPBOX_API_HOST", dropbox.url());
        builder.environment().put("DROPBOX_API_CONTENT_HOST", dropbox.url() + "/");
        builder.environment().put("VAST_DROPBOX_TOKEN", "tok-123");
        builder.environment().put("VAST_DROPBOX_PASSWORD", "link-pw");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    @Test
    void listsFiltersDownloadsVerifiesAndSkipsWhatIsThere() throws Exception {
        try (DropboxStandIn dropbox = new DropboxStandIn("tok-123", LINK, "link-pw")) {
            byte[] big = new byte[5 * 1024 * 1024];
            new java.util.Random(3).nextBytes(big);
            dropbox.add("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits", big);
            dropbox.add("/EPOCH01/COMBINED/STOKESV_IMAGES/VAST_0918+00A.EPOCH01.V.fits", "v".getBytes(StandardCharsets.UTF_8));
            dropbox.add("/EPOCH01/COMBINED/STOKESI_SELAVY/VAST_0918+00A.EPOCH01.I.selavy.components.txt", "c".getBytes(StandardCharsets.UTF_8));
            dropbox.add("/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH02.I.fits", "e2".getBytes(StandardCharsets.UTF_8));
            dropbox.add("/EPOCH03x/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH03x.I.fits", "e3".getBytes(StandardCharsets.UTF_8));
            Path template = work.resolve("dropbox.cfg");

            Run written = vast(dropbox, Map.of(), "--write-template-dropbox-config");
            assertThat(written.exit()).isZero();
            assertThat(Files.readString(template)).contains("[dropbox]", "access_token_envvar");
            Files.writeString(template, "[dropbox]\nshared_url = " + LINK + "\npassword_envvar = VAST_DROPBOX_PASSWORD\naccess_token_envvar = VAST_DROPBOX_TOKEN\n");

            Run listed = vast(dropbox, Map.of(), "--get-available-files", "files.txt");
            assertThat(listed.output()).contains("5 file(s) listed");
            String list = Files.readString(work.resolve("files.txt"));
            assertThat(list).contains("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits " + big.length + " " + ContentHash.of(big));

            assertThat(vast(dropbox, Map.of(), "--available-epochs").output()).contains("EPOCH01\nEPOCH02\nEPOCH03x");
            Run dry = vast(dropbox, Map.of(), "--dry-run", "--only-epochs", "1,3x", "--stokes", "I", "--skip-txt");
            assertThat(dry.output()).contains("2 of 5 file(s) selected", "EPOCH01.I.fits", "EPOCH03x.I.fits").doesNotContain("EPOCH01.V.fits");

            Files.writeString(work.resolve("fields.csv"), "field_name,ra,dec\nVAST_0918+00A,139.5,0.0\n");
            Files.writeString(work.resolve("wanted.txt"), "# two files\n/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH02.I.fits\n"
                    + "VAST_0918+00A.EPOCH01.V.fits\n");
            assertThat(vast(dropbox, Map.of(), "--dry-run", "--available-files", "files.txt", "--find-fields-input", "fields.csv",
                    "--skip-all-images").output()).contains("1 of 5 file(s) selected", "selavy.components.txt");
            assertThat(vast(dropbox, Map.of(), "--dry-run", "--available-files", "files.txt", "--user-files-list", "wanted.txt").output())
                    .contains("2 of 5 file(s) selected", "EPOCH02.I.fits", "EPOCH01.V.fits");
            assertThat(vast(dropbox, Map.of(), "--dry-run", "--available-files", "files.txt", "--combined-only", "--stokes", "V").output())
                    .contains("1 of 5 file(s) selected", "EPOCH01.V.fits");

            // the big image arrives corrupted once: the content hash catches it and it is fetched again
            dropbox.corruptOnce("/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits");
            Run downloaded = vast(dropbox, Map.of(), "--download", "--available-files", "files.txt", "--only-epochs", "1", "--output", "release",
                    "--download-threads", "3", "--max-retries", "2");
            assertThat(downloaded.exit()).as(downloaded.output()).isZero();
            assertThat(downloaded.output()).contains("downloaded 3, already there and verified 0, failed 0");
            assertThat(work.resolve("release/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits")).hasBinaryContent(big);
            assertThat(Files.readString(work.resolve("logs/skyroute.log"))).contains("differs from Dropbox's", "fetching again");
            try (var runLogs = Files.list(work.resolve("logs"))) {
                List<Path> perRun = runLogs.filter(p -> p.getFileName().toString().startsWith("vast-")).toList();
                assertThat(perRun).as("one log file per run").hasSizeGreaterThanOrEqualTo(4);
                assertThat(perRun).anySatisfy(p -> assertThat(p).content().contains("differs from Dropbox's"));
            }
            int downloadsSoFar = dropbox.downloads();

            Run again = vast(dropbox, Map.of(), "--download", "--available-files", "files.txt", "--only-epochs", "1", "--output", "release");
            assertThat(again.output()).contains("downloaded 0, already there and verified 3, failed 0");
            assertThat(dropbox.downloads()).isEqualTo(downloadsSoFar);

            Run refused = vast(dropbox, Map.of("VAST_DROPBOX_PASSWORD", "wrong"), "--download", "--only-epochs", "2", "--output", "release");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.output()).contains("shared_link_access_denied").doesNotContain("wrong");
            Run badToken = vast(dropbox, Map.of("VAST_DROPBOX_TOKEN", "nope"), "--download", "--output", "release");
            assertThat(badToken.output()).contains("refused the access token").doesNotContain("nope");
        }
    }

    @Test
    void theSeedsFlagsAndDefaultsWork() throws Exception {
        try (DropboxStandIn dropbox = new DropboxStandIn("tok-123", LINK, "link-pw")) {
            String image = "/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits";
            String other = "/EPOCH01/COMBINED/STOKESV_IMAGES/VAST_0918+00A.EPOCH01.V.fits";
            dropbox.add(image, "stokes I".getBytes(StandardCharsets.UTF_8));
            dropbox.add(other, "stokes V".getBytes(StandardCharsets.UTF_8));
            // the seed's dropbox.cfg, with its secrets in the file, in the working directory: the default --dropbox-config
            Files.writeString(work.resolve("dropbox.cfg"), SeedExamples.text("dropbox.cfg").replace("ENTER_URL", LINK)
                    .replace("ENTER_PASSWORD", "link-pw").replace("ENTER_ACCESS_TOKEN", "tok-123"));
            Files.writeString(work.resolve("wanted.txt"), image + "\n");
            Map<String, String> noEnv = Map.of("VAST_DROPBOX_TOKEN", "", "VAST_DROPBOX_PASSWORD", "");

            Run selectOnly = seedVast(dropbox, noEnv, "vast", "--files-list", "wanted.txt");
            assertThat(selectOnly.exit()).as(selectOnly.output()).isZero();
            assertThat(selectOnly.output()).contains("1 of 2 file(s) selected", "nothing downloaded: add --download");
            assertThat(work.resolve("vast_dropbox")).doesNotExist();
            assertThat(dropbox.downloads()).isZero();

            // --max-retries defaults to 2: a file bad twice is fetched a third time, after the main loop
            dropbox.corrupt(image, 2);
            Run fetched = seedVast(dropbox, noEnv, "vast", "--download", "--files-list", "wanted.txt");
            assertThat(fetched.exit()).as(fetched.output()).isZero();
            assertThat(fetched.output()).contains("downloaded 1, already there and verified 0, failed 0");
            assertThat(work.resolve("vast_dropbox" + image)).hasContent("stokes I");
            assertThat(dropbox.downloads()).isEqualTo(3);

            dropbox.corrupt(other, 3);
            Run gaveUp = seedVast(dropbox, noEnv, "vast", "--download", "--only-epochs", "1");
            assertThat(gaveUp.exit()).isEqualTo(1);
            assertThat(gaveUp.output()).contains("downloaded 0, already there and verified 1, failed 1", other + ": FAILED");
            assertThat(work.resolve("vast_dropbox" + other)).doesNotExist();
            assertThat(dropbox.downloads()).isEqualTo(6);
        }
    }
}
