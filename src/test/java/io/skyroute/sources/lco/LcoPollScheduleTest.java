package io.skyroute.sources.lco;

import io.skyroute.app.SkyrouteCamel;
import io.skyroute.config.Secrets;
import io.skyroute.ledger.Frame;
import io.skyroute.ledger.LedgerDatabase;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** In daemon mode the Quartz route polls the archive on its cron, without overlapping fires. */
@CamelMainTest
class LcoPollScheduleTest {

    @TempDir
    Path home;

    @BeanInject
    CamelContext context;

    LcoTestFixture fixture;
    LedgerDatabase ledger;

    @Configure
    protected void configure(MainConfigurationProperties main) throws IOException {
        fixture = new LcoTestFixture(home, "0/1 * * * * ?");
        fixture.addRealFrames();
        ledger = LedgerDatabase.connect(fixture.setup.daemon().database(), new Secrets(Map.of())).open();
        SkyrouteCamel.configure(main, fixture.setup, ledger, SkyrouteCamel.Mode.DAEMON);
    }

    @AfterEach
    void close() {
        context.stop();
        fixture.close();
        ledger.close();
    }

    @Test
    void theCronFiresPassesThatFetchEachFrameOnce() throws Exception {
        assertThat(context.getRoute("lco-poll").getEndpoint().getEndpointUri()).contains("stateful=true");
        assertThat(context.getRoute("lco-reconcile").getEndpoint().getEndpointUri()).contains("stateful=true");
        NotifyBuilder threePasses = new NotifyBuilder(context).wereSentTo("direct:lco-pass").whenDone(3).create();
        assertThat(threePasses.matches(30, TimeUnit.SECONDS)).isTrue();
        context.getRouteController().stopRoute("lco-poll"); // lets a pass in flight finish

        List<Frame> frames = ledger.inTransaction(em -> em.createQuery("select f from Frame f", Frame.class).getResultList());
        assertThat(frames).hasSize(4);
        assertThat(fixture.archive.count("/storage/")).as("later polls fetch nothing again").isEqualTo(4);
        assertThat(fixture.archive.count("/frames/")).isGreaterThanOrEqualTo(3 * 2 * 2); // polls x proposals x levels
    }
}
