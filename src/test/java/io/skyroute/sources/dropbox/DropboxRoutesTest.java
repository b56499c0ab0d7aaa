package io.skyroute.sources.dropbox;

import io.skyroute.app.SkyrouteCamel;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.testing.DropboxStandIn;
import io.skyroute.testing.TestDatabases;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes dropbox-pass / dropbox-download in the daemon's assembly against the loopback Dropbox. */
@CamelMainTest(properties = {"skyroute.retry.initial-delay-ms=50", "skyroute.retry.max-delay-ms=200", "skyroute.sort.pending-delay-ms=600000"})
class DropboxRoutesTest {

    static final String LINK = "https://www.dropbox.com/sh/vastpilot/AAA?dl=0";
    static final String FRAME = "ogg0m404-kb82-20170815-1160-e91.fits.fz";

    @TempDir
    static Path root;

    @BeanInject
    CamelContext context;

    Path home;
    LedgerDatabase ledger;
    DropboxStandIn dropbox;

    @Configure
    protected void configure(MainConfigurationProperties main) throws Exception {
        home = Files.createDirectories(root.resolve(UUID.randomUUID().toString()));
        dropbox = new DropboxStandIn("tok-123", LINK, "link-pw");
        Path cfg = Files.writeString(home.resolve("dropbox.cfg"),
                "[dropbox]\nshared_url = " + LINK + "\npassword_envvar = DBX_PW\naccess_token_envvar = DBX_TOKEN\n");
        SkyrouteConfig config = new SkyrouteConfig(home.resolve("var"), TestDatabases.h2(home), home.resolve("routes"),
                new DropConfig(home.resolve("drop"), false), new SortingConfig(true, home.resolve("red"), Path.of("config/default_red_config.yaml"), null),
                null, null, null, null, null, cfg);
        ledger = LedgerDatabase.connect(config.database(), new Secrets(Map.of())).open();
        Secrets environment = new Secrets(Map.of("DBX_TOKEN", "tok-123", "DBX_PW", "link-pw", "DROPBOX_API_HOST", dropbox.url(),
                "DROPBOX_API_CONTENT_HOST", dropbox.url()));
        SkyrouteCamel.configure(main, SkyrouteSetup.load(config, new ConfigLoader(Map.of()), environment), ledger, SkyrouteCamel.Mode.DAEMON);
    }

    @AfterEach
    void stop() {
        context.stop();
        ledger.close();
        dropbox.close();
    }

    private List<Frame> frames() {
        return ledger.inTransaction(em -> em.createQuery("select f from Frame f where f.source = 'dropbox' order by f.naturalId", Frame.class)
                .getResultList());
    }

    @Test
    void newAndChangedFilesAreFetchedOnceVerifiedRecordedAndSorted() throws Exception {
        byte[] frame = Files.readAllBytes(Path.of("samples/frames", FRAME));
        dropbox.add("/LCO/" + FRAME, frame);
        dropbox.add("/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.components.txt", "c1".getBytes(StandardCharsets.UTF_8));
        dropbox.corruptOnce("/LCO/" + FRAME);

        context.createProducerTemplate().sendBody(DropboxSource.PASS, null);

        assertThat(home.resolve("var/downloads/dropbox/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.components.txt")).hasContent("c1");
        assertThat(home.resolve("red/PDS_110/sbig/rp").resolve(FRAME)).hasBinaryContent(frame);
        assertThat(frames()).extracting(Frame::getNaturalId).containsExactly("/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.components.txt",
                "/LCO/" + FRAME);
        assertThat(frames().get(1).getChecksum()).isEqualTo(ContentHash.of(frame));
        int downloads = dropbox.downloads();
        assertThat(downloads).as("the corrupted copy was fetched again").isEqualTo(3);

        context.createProducerTemplate().sendBody(DropboxSource.PASS, null);
        assertThat(dropbox.downloads()).as("nothing new").isEqualTo(downloads);

        dropbox.add("/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.components.txt", "c2".getBytes(StandardCharsets.UTF_8));
        context.createProducerTemplate().sendBody(DropboxSource.PASS, null);
        assertThat(dropbox.downloads()).as("the changed file only").isEqualTo(downloads + 1);
        assertThat(home.resolve("var/downloads/dropbox/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.components.txt")).hasContent("c2");
    }

    /** The source template counts a try once, on admission: a file fetched at the first go shows one try (it showed two). */
    @Test
    void aFileFetchedOnceCountsOneTry() throws Exception {
        dropbox.add("/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.islands.txt", "i1".getBytes(StandardCharsets.UTF_8));
        dropbox.add("/LCO/" + FRAME, Files.readAllBytes(Path.of("samples/frames", FRAME)));
        dropbox.corruptOnce("/LCO/" + FRAME);

        context.createProducerTemplate().sendBody(DropboxSource.PASS, null);

        assertThat(frames()).extracting(Frame::getNaturalId, Frame::getTries).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/EPOCH01/COMBINED/STOKESI_SELAVY/field.selavy.islands.txt", 1),
                org.assertj.core.groups.Tuple.tuple("/LCO/" + FRAME, 2)); // the corrupted copy's retry is a try of its own
    }

    /** Survey images go by field and epoch (the survey-images rule of routes/sorting.rules.yaml), not by the LCO layout. */
    @Test
    void surveyImagesArePlacedByFieldAndEpoch() throws Exception {
        byte[] image = surveyImage("VAST_0918+00A");
        dropbox.add("/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH02.I.fits", image);

        context.createProducerTemplate().sendBody(DropboxSource.PASS, null);

        assertThat(home.resolve("red/VAST_0918+00A/askap/EPOCH02/VAST_0918+00A.EPOCH02.I.fits")).hasBinaryContent(image);
        assertThat(home.resolve("red/VAST_0918+00A/askap/EPOCH02/reduction_config.yaml")).isRegularFile();
    }

    private static byte[] surveyImage(String field) throws Exception {
        nom.tam.fits.BasicHDU<?> hdu = nom.tam.fits.Fits.makeHDU(new float[8][8]);
        hdu.getHeader().addValue("OBJECT", field, null);
        hdu.getHeader().addValue("TELESCOP", "ASKAP", null);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (nom.tam.fits.Fits fits = new nom.tam.fits.Fits(); nom.tam.util.FitsOutputStream out = new nom.tam.util.FitsOutputStream(bytes)) {
            fits.addHDU(hdu);
            fits.write(out);
        }
        return bytes.toByteArray();
    }
}
