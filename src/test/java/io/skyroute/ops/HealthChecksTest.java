package io.skyroute.ops;

import io.skyroute.pipeline.AuthenticationFailure;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HealthChecksTest {

    @TempDir
    Path dir;

    private static HealthCheck.Result call(HealthCheck check) {
        if (check instanceof org.apache.camel.CamelContextAware aware) {
            aware.setCamelContext(new DefaultCamelContext());
        }
        return check.call();
    }

    @Test
    void aRemoteIsAskedOncePerIntervalAndTellsRefusedCredentialsFromUnreachable() {
        AtomicInteger asked = new AtomicInteger();
        ReachabilityHealthCheck refused = new ReachabilityHealthCheck("tom", "the TOM", () -> {
            asked.incrementAndGet();
            throw new AuthenticationFailure("GET /api/targets/ -> HTTP 401");
        }, Duration.ofMinutes(5));
        HealthCheck.Result first = call(refused);
        HealthCheck.Result second = call(refused);
        assertThat(asked).as("the answer is kept for the interval").hasValue(1);
        assertThat(first.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(second.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("the TOM: credentials refused", "HTTP 401"));
        assertThat(refused.isLiveness()).as("a remote away is no reason to restart the daemon").isFalse();

        HealthCheck.Result away = call(new ReachabilityHealthCheck("lco-archive-lco", "LCO archive lco", () -> {
            throw new IOException("Connection refused");
        }, Duration.ZERO));
        assertThat(away.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("unreachable (IOException: Connection refused)"));

        assertThat(call(new ReachabilityHealthCheck("tom", "the TOM", () -> { }, Duration.ZERO)).getState()).isEqualTo(HealthCheck.State.UP);
    }

    @Test
    void diskSpaceIsDownBelowTheFloorWithTheFolderNamed() {
        long free = DiskSpaceHealthCheck.freeMb(dir);
        assertThat(free).isPositive();
        HealthCheck.Result enough = call(new DiskSpaceHealthCheck(Map.of("data", dir), 0));
        assertThat(enough.getState()).isEqualTo(HealthCheck.State.UP);
        HealthCheck.Result tooLittle = call(new DiskSpaceHealthCheck(Map.of("data", dir.resolve("not/yet/made")), free + 1_000_000));
        assertThat(tooLittle.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(tooLittle.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("data (" + dir.resolve("not/yet/made") + ")", "MB free"));
    }

    /** Issue 42: a daemon whose scheduler no longer fires is DOWN (liveness), not UP. */
    @Test
    void aSchedulerThatStoppedIsDown() throws Exception {
        java.util.Properties quartz = new java.util.Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "health-test");
        quartz.setProperty("org.quartz.threadPool.threadCount", "1");
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        org.quartz.Scheduler scheduler = new org.quartz.impl.StdSchedulerFactory(quartz).getScheduler();
        SchedulerHealthCheck check = new SchedulerHealthCheck(() -> scheduler);
        assertThat(check.isLiveness()).isTrue();
        scheduler.start();
        assertThat(call(check).getState()).isEqualTo(HealthCheck.State.UP);
        scheduler.shutdown(true);
        HealthCheck.Result stopped = call(check);
        assertThat(stopped.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(stopped.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("no schedule fires"));
        assertThat(call(new SchedulerHealthCheck(() -> null)).getState()).as("no scheduler yet").isEqualTo(HealthCheck.State.UP);
    }
}
