package io.skyroute.tom;

import io.skyroute.config.Secrets;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.Upload;
import io.skyroute.ledger.UploadLedger;
import io.skyroute.pipeline.PermanentFailure;
import io.skyroute.pipeline.TransientFailure;
import io.skyroute.testing.TestDatabases;
import io.skyroute.testing.TomStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exactly-once delivery against the loopback TOM, with the upload ledger on H2. */
class TomDeliveryTest {

    private static final String LC = "time,filter,magnitude,error\n57981.631,rp,13.82,0.002\n57982.63,rp,13.81,0.002\n";

    @TempDir
    Path dir;

    TomStandIn tom;
    LedgerDatabase db;
    TomClient client;
    TomDelivery delivery;
    UploadLedger ledger;
    Path dataset;
    Path lightcurve;

    @BeforeEach
    void start() throws Exception {
        tom = new TomStandIn("pipeline", "s3cret");
        db = LedgerDatabase.connect(TestDatabases.h2(dir), new Secrets(Map.of())).open();
        client = new TomClient(tom.url(), "pipeline", new Secrets(Map.of("TEST_TOM_PASSWORD", "s3cret")).require("TEST_TOM_PASSWORD", "tom_password_envvar"), Duration.ofMillis(1500), io.skyroute.config.HttpLimitsConfig.defaults());
        ledger = new UploadLedger(db);
        delivery = new TomDelivery(client, ledger);
        dataset = Files.createDirectories(dir.resolve("red/PDS_110/sbig/rp"));
        lightcurve = Files.writeString(dataset.resolve("PDS_110_rp_lc.csv"), LC);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        tom.close();
        db.close();
    }

    @Test
    void deliversOnceAndNotAgainWhileUnchanged() {
        tom.addTarget("PDS 110", "PDS_110");
        tom.addTarget("PDS 1100");

        TomDelivery.Outcome first = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");
        TomDelivery.Outcome second = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");

        assertThat(first.action()).isEqualTo("uploaded");
        assertThat(second.action()).isEqualTo("unchanged");
        assertThat(tom.uploadsReceived()).isEqualTo(1);
        assertThat(tom.products()).singleElement().satisfies(p -> {
            assertThat(p.fileName()).isEqualTo("PDS_110_sbig_rp.csv");
            assertThat(p.content()).isEqualTo(LC);
        });
        assertThat(ledger.all()).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(Upload.Status.DELIVERED);
            assertThat(e.tomProductPk()).isEqualTo(first.productPk());
        });
        assertThat(tom.requests()).allSatisfy(r -> assertThat(r).matches("\\w+ /api/\\w+/(\\d+/)?(\\?.*)?"));
    }

    @Test
    void aChangedLightcurveReplacesTheOldOneAndNothingElse() throws Exception {
        TomStandIn.Target target = tom.addTarget("PDS_110");
        TomStandIn.Product otherDataset = tom.addProduct(target.id(), "PDS_110_sbig_rp_old_pipeline.csv", "someone-else", LC);
        TomStandIn.Product otherFilter = tom.addProduct(target.id(), "PDS_110_sbig_gp.csv", "gp-1", LC);
        TomStandIn.Product sameNameEarlier = tom.addProduct(target.id(), "PDS_110_sbig_rp.csv", "seed-script", LC);

        TomDelivery.Outcome first = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");
        Files.writeString(lightcurve, LC + "57984.79,rp,13.83,0.002\n");
        TomDelivery.Outcome second = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");

        assertThat(first.deleted()).containsExactly(sameNameEarlier.id());
        assertThat(second.deleted()).containsExactly(first.productPk());
        assertThat(tom.products()).extracting(TomStandIn.Product::id)
                .containsExactlyInAnyOrder(otherDataset.id(), otherFilter.id(), second.productPk());
        assertThat(tom.products()).filteredOn(p -> p.id() == second.productPk()).singleElement()
                .satisfies(p -> assertThat(p.content()).contains("57984.79"));
        assertThat(ledger.all()).extracting(UploadLedger.Entry::status).containsExactly(Upload.Status.DELIVERED, Upload.Status.REPLACED);
    }

    @Test
    void noTargetOrSeveralIsAPermanentFailureAndNothingIsUploaded() {
        tom.addTarget("PDS 110b");
        tom.addTarget("XPDS_110", "PDS_110");
        tom.addTarget("PDS_110");

        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("TOM target 'PDS_110' is ambiguous")
                .hasMessageContaining("XPDS_110");
        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "KMT-2017-0001", "KMT_sbig_rp"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("no TOM target is named or aliased 'KMT-2017-0001'");
        assertThat(tom.uploadsReceived()).isZero();
        assertThat(ledger.all()).extracting(UploadLedger.Entry::status).containsOnly(Upload.Status.FAILED);
    }

    @Test
    void anUploadWhoseAnswerWasLostIsFoundNotSentTwice() {
        tom.addTarget("PDS_110");
        tom.slowAfterStoring(1, 3000);

        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp"))
                .isInstanceOf(TomClient.UncertainOutcome.class);
        assertThat(ledger.all()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(Upload.Status.UNCERTAIN));
        TomDelivery.Outcome retried = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");

        assertThat(retried.action()).isEqualTo("reconciled");
        assertThat(tom.uploadsReceived()).isEqualTo(1);
        assertThat(tom.products()).hasSize(1);
        assertThat(ledger.all()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(Upload.Status.DELIVERED));
    }

    @Test
    void aVersionLeftUncertainIsSettledWhenItsSuccessorIsDelivered() throws Exception {
        tom.addTarget("PDS_110");
        tom.slowAfterStoring(1, 3000);
        // the answer to the first version is lost after the TOM stored it (as when the daemon is killed mid-POST)
        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp"))
                .isInstanceOf(TomClient.UncertainOutcome.class);
        long firstOnTom = tom.products().get(0).id();
        Files.writeString(lightcurve, LC + "57984.79,rp,13.83,0.002\n");

        TomDelivery.Outcome second = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");

        assertThat(second.deleted()).containsExactly(firstOnTom);
        assertThat(tom.products()).singleElement().satisfies(p -> assertThat(p.content()).contains("57984.79"));
        assertThat(ledger.all()).extracting(UploadLedger.Entry::status).containsExactly(Upload.Status.DELIVERED, Upload.Status.REPLACED);
        assertThat(ledger.all().get(1).tomProductPk()).isEqualTo(firstOnTom);
        // every upload the TOM took is one the ledger counts as delivered, and nothing is left to send
        assertThat(ledger.all().stream().filter(e -> e.status() == Upload.Status.DELIVERED || e.status() == Upload.Status.REPLACED))
                .hasSize(tom.productsStored());
        assertThat(ledger.undelivered()).isEmpty();
    }

    @Test
    void versionsThatNeverReachedTheTomAreSupersededNotSentAfterTheirSuccessor() throws Exception {
        tom.addTarget("PDS_110");
        String datasetKey = dataset.toAbsolutePath().normalize().toString();
        // killed after the row went UNCERTAIN but before the request left: the TOM never had it
        UploadLedger.Entry cutOff = ledger.version(datasetKey, client.url(), "PDS_110", "PDS_110_sbig_rp-0000000000000000",
                "PDS_110_sbig_rp.csv", "0".repeat(64));
        ledger.attempt(cutOff.id(), Upload.Status.UNCERTAIN);
        // the TOM away: the next version stays PENDING
        tom.unavailableFor(1);
        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp")).isInstanceOf(TransientFailure.class);
        Files.writeString(lightcurve, LC + "57984.79,rp,13.83,0.002\n");

        TomDelivery.Outcome third = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");

        assertThat(third.action()).isEqualTo("uploaded");
        assertThat(third.deleted()).isEmpty();
        assertThat(tom.uploadsReceived()).isEqualTo(1);
        assertThat(ledger.all()).extracting(UploadLedger.Entry::status)
                .containsExactly(Upload.Status.DELIVERED, Upload.Status.SUPERSEDED, Upload.Status.SUPERSEDED);
        assertThat(ledger.undelivered()).isEmpty();
    }

    @Test
    void aTomThatIsDownIsATransientFailureAndTheNextTryDelivers() {
        tom.addTarget("PDS_110");
        tom.unavailableFor(3);

        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp")).isInstanceOf(TransientFailure.class)
                .isNotInstanceOf(TomClient.UncertainOutcome.class).hasMessageContaining("503");
        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp")).isInstanceOf(TransientFailure.class);
        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp")).isInstanceOf(TransientFailure.class);
        TomDelivery.Outcome delivered = delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp");

        assertThat(delivered.action()).isEqualTo("uploaded");
        assertThat(tom.products()).hasSize(1);
    }

    @Test
    void refusalsAreReportedWithTheServersMessage() throws Exception {
        tom.addTarget("PDS_110");
        Files.writeString(lightcurve, "mjd;mag\n1;2\n");

        assertThatThrownBy(() -> delivery.deliver(dataset, lightcurve, "PDS_110", "PDS_110_sbig_rp")).isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("HTTP 500").hasMessageContaining("Data processing error");
        TomClient wrongPassword = new TomClient(tom.url(), "pipeline", new Secrets(Map.of("X", "nope")).require("X", "tom_password_envvar"), Duration.ofSeconds(2), io.skyroute.config.HttpLimitsConfig.defaults());
        assertThatThrownBy(() -> wrongPassword.targets("PDS_110")).isInstanceOf(PermanentFailure.class).hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("nope");
        assertThat(ledger.all()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(Upload.Status.FAILED));
    }

    @Test
    void theHealthProbeTellsRefusedCredentialsFromAnAnswer() throws Exception {
        client.probe(); // the right credentials: answered
        TomClient wrongPassword = new TomClient(tom.url(), "pipeline", new Secrets(Map.of("X", "nope")).require("X", "tom_password_envvar"), Duration.ofSeconds(2), io.skyroute.config.HttpLimitsConfig.defaults());
        assertThatThrownBy(wrongPassword::probe).isInstanceOf(io.skyroute.pipeline.AuthenticationFailure.class).hasMessageContaining("HTTP 401");
        io.skyroute.ops.ReachabilityHealthCheck check = new io.skyroute.ops.ReachabilityHealthCheck("tom", "the TOM", wrongPassword::probe, Duration.ZERO);
        check.setCamelContext(new org.apache.camel.impl.DefaultCamelContext());
        assertThat(check.call().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("the TOM: credentials refused").doesNotContain("nope"));
        int nobody;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        TomClient away = new TomClient("http://127.0.0.1:" + nobody, "pipeline", new Secrets(Map.of("X", "s3cret")).require("X", "k"), Duration.ofSeconds(2), io.skyroute.config.HttpLimitsConfig.defaults());
        assertThatThrownBy(away::probe).as("nothing listens there").isInstanceOf(io.skyroute.pipeline.TransientFailure.class);
    }
}
