package io.skyroute.sorting;

import io.skyroute.app.SkyrouteCamel;
import io.skyroute.app.SkyrouteSetup;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.DropConfig;
import io.skyroute.config.Secrets;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingConfig;
import io.skyroute.ledger.Dataset;
import io.skyroute.ledger.DeadLetter;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.FrameStatus;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.LedgerQueries;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.testing.TestDatabases;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Route sort-frame on real and crafted frames, with user rules from a routes folder. */
@CamelMainTest(properties = {"skyroute.sort.pending-delay-ms=600000"})
class SortingRoutesTest {

    static final String RP = "ogg0m404-kb82-20170815-1160-e91";
    static final String GP = "coj0m403-kb98-20170816-0392-e91";

    @TempDir
    static Path root;

    @BeanInject
    CamelContext context;

    Path home;
    Path incoming;
    SkyrouteConfig config;
    LedgerDatabase ledger;

    @Configure
    protected void configure(MainConfigurationProperties main) throws Exception {
        home = root.resolve(UUID.randomUUID().toString());
        incoming = Files.createDirectories(home.resolve("incoming"));
        Path routes = Files.createDirectories(home.resolve("routes"));
        Files.copy(Path.of("routes/sorting.rules.yaml"), routes.resolve("sorting.rules.yaml"));
        Files.writeString(routes.resolve("sorting.rules.yaml"), """
                  - name: short-exposure
                    when: "${header.FITS_EXPTIME} < 10.0"
                    action: quarantine
                    reason: "exposure ${header.FITS_EXPTIME} s is under 10 s"
                """, java.nio.file.StandardOpenOption.APPEND);
        config = new SkyrouteConfig(home.resolve("var"), TestDatabases.h2(home), routes, new DropConfig(home.resolve("drop"), false),
                new SortingConfig(true, home.resolve("red"), Path.of("config/default_red_config.yaml"), null),
                null, null, null, null, null, null);
        ledger = LedgerDatabase.connect(config.database(), new Secrets(Map.of())).open();
        SkyrouteSetup setup = SkyrouteSetup.load(config, new ConfigLoader(Map.of()), new Secrets(Map.of()));
        SkyrouteCamel.configure(main, setup, ledger, SkyrouteCamel.Mode.DAEMON);
    }

    @AfterEach
    void stop() {
        context.stop();
        ledger.close();
    }

    @Test
    void realFramesGoToTheirDatasetsWithAConfigurationAndTheRuleRecorded() throws Exception {
        Exchange rp = sort(realFrame(RP), "lco", "1000");
        Exchange gp = sort(realFrame(GP), "lco", "1001");

        assertThat(rp.getIn().getHeader(Sorter.DECISION)).isEqualTo("PLACE");
        Path rpSet = home.resolve("red/PDS_110/sbig/rp");
        Path gpSet = home.resolve("red/PDS_110/sbig/gp");
        assertThat(rpSet.resolve(RP + ".fits.fz")).hasBinaryContent(bytes(RP));
        assertThat(gpSet.resolve(GP + ".fits.fz")).hasBinaryContent(bytes(GP));
        assertThat(incoming).isEmptyDirectory();
        String redConfig = Files.readString(rpSet.resolve("reduction_config.yaml"));
        assertThat(redConfig).contains("name: \"PDS_110\"").contains("RA: \"05:23:31.0\"").as("the template names PDS_110 with its coordinates; the header only has the pointing");

        Frame frame = frame("lco", "1000");
        assertThat(frame.getStatus()).isEqualTo(FrameStatus.SORTED);
        assertThat(frame.getSortRule()).isEqualTo("layout");
        assertThat(frame.getPath()).isEqualTo(rpSet.resolve(RP + ".fits.fz").toString());
        List<Dataset> datasets = ledger.inTransaction(em -> em.createQuery("select d from Dataset d order by d.path", Dataset.class).getResultList());
        assertThat(datasets).extracting(Dataset::getPath).containsExactly(gpSet.toString(), rpSet.toString());
        assertThat(datasets).allSatisfy(d -> {
            assertThat(d.getTarget()).isEqualTo("PDS_110");
            assertThat(d.getInstrument()).isEqualTo("sbig");
        });
        assertThat(gp.getIn().getHeader("FITS_FILTER")).isEqualTo("gp");
    }

    @Test
    void rulesQuarantineOrDropWithTheirReasonAndNothingIsLost() throws Exception {
        Path unsolved = TestFits.write(incoming.resolve("unsolved.fits"), cards("OBJECT", "PDS 110", "INSTRUME", "kb82", "FILTER", "rp",
                "EXPTIME", "30", "WCSERR", "4"));
        Path bias = TestFits.write(incoming.resolve("bias.fits"), cards("OBJECT", "", "INSTRUME", "kb82", "FILTER", "air",
                "EXPTIME", "0", "OBSTYPE", "BIAS"));
        Path shortOne = TestFits.write(incoming.resolve("short.fits"), cards("OBJECT", "PDS 110", "INSTRUME", "kb82", "FILTER", "rp",
                "EXPTIME", "2.5", "WCSERR", "0"));

        assertThat(sort(unsolved, "local", "unsolved.fits").getIn().getHeader(Sorter.RULE)).isEqualTo("unsolved-wcs");
        assertThat(sort(bias, "local", "bias.fits").getIn().getHeader(Sorter.RULE)).isEqualTo("calibration");
        assertThat(sort(shortOne, "local", "short.fits").getIn().getHeader(Sorter.RULE)).as("a user's rule from routes/").isEqualTo("short-exposure");

        Path quarantine = home.resolve("var/quarantine/sort-frame");
        assertThat(quarantine.resolve("unsolved.fits")).exists();
        assertThat(quarantine.resolve("unsolved.fits.reason.txt")).content().startsWith("rule unsolved-wcs: ").contains("WCSERR 4");
        assertThat(quarantine.resolve("short.fits")).exists();
        assertThat(home.resolve("var/dropped/bias.fits")).exists();
        assertThat(frame("local", "unsolved.fits").getStatus()).isEqualTo(FrameStatus.QUARANTINED);
        assertThat(frame("local", "unsolved.fits").getSortReason()).contains("WCSERR 4");
        assertThat(frame("local", "bias.fits").getStatus()).isEqualTo(FrameStatus.DROPPED);
        assertThat(frame("local", "bias.fits").getSortReason()).isEqualTo("calibration frame (OBSTYPE BIAS)");
        assertThat(frame("local", "short.fits").getSortReason()).isEqualTo("exposure 2.5 s is under 10 s");
        List<DeadLetter> letters = new LedgerQueries(ledger).recentDeadLetters(10);
        assertThat(letters).extracting(DeadLetter::getRouteId).containsOnly("sort-frame");
        assertThat(letters).extracting(DeadLetter::getReason).anySatisfy(r -> assertThat(r).contains("unsolved.fits").contains("WCS not solved"));
        assertThat(letters).hasSize(2); // quarantines are dead letters, drops are not
    }

    @Test
    void badFilesAreQuarantinedWithTheReason() throws Exception {
        byte[] whole = bytes(RP);
        Path truncated = Files.write(incoming.resolve("cut.fits.fz"), Arrays.copyOf(whole, 100_000));
        Path text = Files.writeString(incoming.resolve("notes.fits"), "not a FITS file");
        Path hostile = TestFits.write(incoming.resolve("hostile.fits"), cards("OBJECT", "../../etc", "INSTRUME", "kb82", "FILTER", "rp",
                "EXPTIME", "30"));
        Path unknown = TestFits.write(incoming.resolve("unknown.fits"), cards("OBJECT", "PDS 110", "INSTRUME", "zz99", "FILTER", "rp",
                "EXPTIME", "30"));
        Path nameless = TestFits.write(incoming.resolve("nameless.fits"), cards("OBJECT", "///", "INSTRUME", "kb82", "FILTER", "rp",
                "EXPTIME", "30"));

        sort(truncated, "local", "cut.fits.fz");
        sort(text, "local", "notes.fits");
        sort(hostile, "local", "hostile.fits");
        sort(unknown, "local", "unknown.fits");
        sort(nameless, "local", "nameless.fits");

        assertThat(frame("local", "cut.fits.fz").getSortReason()).contains("truncated");
        assertThat(frame("local", "notes.fits").getSortReason()).contains("not a FITS file");
        assertThat(frame("local", "unknown.fits").getSortReason()).isEqualTo("unknown instrument 'zz99'");
        assertThat(frame("local", "nameless.fits").getSortReason()).isEqualTo("OBJECT '///' leaves no usable directory name");
        for (String name : List.of("cut.fits.fz", "notes.fits", "unknown.fits", "nameless.fits")) {
            assertThat(frame("local", name).getStatus()).isEqualTo(FrameStatus.QUARANTINED);
            assertThat(home.resolve("var/quarantine/sort-frame").resolve(name)).exists();
        }
        Frame placed = frame("local", "hostile.fits");
        assertThat(placed.getStatus()).isEqualTo(FrameStatus.SORTED);
        assertThat(Path.of(placed.getPath())).isEqualTo(home.resolve("red/.._.._etc/sbig/rp/hostile.fits"));
        assertThat(home.resolve("etc")).doesNotExist();
    }

    /**
     * kill -9 between a frame's move into a brand-new dataset and the ledger's commit: the file is in the dataset
     * folder, the ledger still has it landed where it was (and no dataset row). The pending pass finds it there and
     * records it sorted, and the dataset is told it changed; nothing is moved or copied again.
     */
    @Test
    void aFrameMovedJustBeforeAKillIsRecordedWhereItIs() throws Exception {
        Path landed = realFrame(RP);
        Path dataset = Files.createDirectories(home.resolve("red/PDS_110/sbig/rp"));
        Path moved = Files.move(landed, dataset.resolve(landed.getFileName()));
        ledger.inTransactionDo(em -> {
            Frame frame = new Frame("lco", "1000", RP + ".fits.fz", "md5-of-it", FrameStatus.DOWNLOADED);
            frame.setPath(landed.toString());
            em.persist(frame);
        });
        NotifyBuilder told = new NotifyBuilder(context).wereSentTo("direct:dataset-changed").whenDone(1).create();

        Exchange again = sort(landed, "lco", "1000");

        assertThat(again.getIn().getHeader(Sorter.RULE)).isEqualTo(Sorter.RECOVERED_RULE);
        assertThat(frame("lco", "1000").getStatus()).isEqualTo(FrameStatus.SORTED);
        assertThat(frame("lco", "1000").getPath()).isEqualTo(moved.toString());
        assertThat(moved).hasBinaryContent(bytes(RP));
        assertThat(told.matches(5, java.util.concurrent.TimeUnit.SECONDS)).as("the dataset is reduced for it").isTrue();
        List<Dataset> datasets = ledger.inTransaction(em -> em.createQuery("select d from Dataset d", Dataset.class).getResultList());
        assertThat(datasets).extracting(Dataset::getPath).containsExactly(dataset.toString());
    }

    @Test
    void aFrameForALockedDatasetWaitsWhereItIsAndIsSortedOnceTheLockIsGone() throws Exception {
        Path dataset = home.resolve("red/PDS_110/sbig/rp");
        ledger.inTransactionDo(em -> {
            Dataset locked = new Dataset(dataset.toString(), "PDS_110", "sbig", "rp");
            locked.setLock("reduce@host-1", Instant.now().plusSeconds(3600));
            em.persist(locked);
        });
        Path frame = realFrame(RP);
        ledger.inTransactionDo(em -> em.persist(new Frame("lco", "1000", RP + ".fits.fz", null, FrameStatus.DOWNLOADED)));

        assertThat(sort(frame, "lco", "1000").getIn().getHeader(Sorter.DECISION)).isEqualTo("WAIT");
        assertThat(frame).as("never moved under a running reduction").exists();
        assertThat(frame("lco", "1000").getStatus()).isEqualTo(FrameStatus.DOWNLOADED);
        assertThat(frame("lco", "1000").getSortReason()).contains("locked");

        context.createProducerTemplate().sendBody("direct:sort-pending-now", null); // still locked: stays
        assertThat(frame).exists();

        ledger.inTransactionDo(em -> em.createQuery("select d from Dataset d", Dataset.class).getSingleResult().setLock(null, null));
        context.createProducerTemplate().sendBody("direct:sort-pending-now", null);
        assertThat(dataset.resolve(RP + ".fits.fz")).exists();
        assertThat(frame("lco", "1000").getStatus()).isEqualTo(FrameStatus.SORTED);
    }

    @Test
    void theSameFrameArrivingTwiceAtOnceEndsInOnePlaceOnce() throws Exception {
        Path frame = realFrame(RP);
        CompletableFuture<Exchange> a = CompletableFuture.supplyAsync(() -> sortQuietly(frame, "lco", "1000"));
        CompletableFuture<Exchange> b = CompletableFuture.supplyAsync(() -> sortQuietly(frame, "lco", "1000"));
        assertThat(a.get().getException()).isNull();
        assertThat(b.get().getException()).isNull();
        assertThat(home.resolve("red/PDS_110/sbig/rp").resolve(RP + ".fits.fz")).hasBinaryContent(bytes(RP));
        assertThat(frame("lco", "1000").getStatus()).isEqualTo(FrameStatus.SORTED);
        assertThat(new LedgerQueries(ledger).status().frames()).isEqualTo(1);
        assertThat(new LedgerQueries(ledger).status().deadLetters()).isZero();
    }

    private Exchange sort(Path file, String source, String naturalId) {
        Exchange result = sortQuietly(file, source, naturalId);
        assertThat(result.getException()).isNull();
        return result;
    }

    private Exchange sortQuietly(Path file, String source, String naturalId) {
        return context.createProducerTemplate().request(SortingRoutes.SORT, e -> {
            e.getIn().setHeader(Handoffs.PATH, file.toString());
            e.getIn().setHeader(Handoffs.SOURCE, source);
            e.getIn().setHeader(Handoffs.NATURAL_ID, naturalId);
        });
    }

    private Frame frame(String source, String naturalId) {
        return ledger.inTransaction(em -> em.createQuery("select f from Frame f where f.source = :s and f.naturalId = :n", Frame.class)
                .setParameter("s", source).setParameter("n", naturalId).getSingleResult());
    }

    private Path realFrame(String basename) throws Exception {
        Path file = incoming.resolve(basename + ".fits.fz");
        Files.write(file, bytes(basename));
        return file;
    }

    private static byte[] bytes(String basename) throws Exception {
        try (InputStream in = SortingRoutesTest.class.getResourceAsStream("/frames/" + basename + ".fits.fz")) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> cards(String... keyValues) {
        Map<String, String> cards = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            cards.put(keyValues[i], keyValues[i + 1]);
        }
        return cards;
    }
}
