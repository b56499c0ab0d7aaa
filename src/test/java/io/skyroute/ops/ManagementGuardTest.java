package io.skyroute.ops;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManagementGuardTest {

    private final ManagementGuard loopback = new ManagementGuard("127.0.0.1", 8081, List.of("ops.example.org"), "/observe/jolokia");

    @Test
    void onlyThisServersNamesAndPortAreTakenAsHost() {
        for (String host : List.of("127.0.0.1:8081", "localhost:8081", "LOCALHOST:8081", "[::1]:8081", "ops.example.org:8081")) {
            assertThat(loopback.check("GET", host, null, "/observe/health", null)).as(host).isEmpty();
        }
        for (String host : List.of("rebind.evil.example:8081", "127.0.0.1:8082", "127.0.0.1", "localhost:80", "[::1]", "127.0.0.1:x", "", "[::1")) {
            assertThat(loopback.check("GET", host, null, "/observe/health", null)).as(host).get()
                    .satisfies(r -> assertThat(r.status()).isEqualTo(403));
        }
        assertThat(loopback.check("GET", null, null, "/observe/health", null)).isPresent();
    }

    @Test
    void aPageOfAnotherOriginIsRefused() {
        assertThat(loopback.check("POST", "127.0.0.1:8081", "http://127.0.0.1:8081", "/observe/jolokia", null)).isEmpty();
        assertThat(loopback.check("POST", "127.0.0.1:8081", "http://localhost:8081", "/observe/jolokia", null)).isEmpty();
        for (String origin : List.of("http://evil.example", "http://127.0.0.1:8090", "null", "file://", "https://127.0.0.1", "javascript:x")) {
            assertThat(loopback.check("POST", "127.0.0.1:8081", origin, "/observe/jolokia", null)).as(origin).get()
                    .satisfies(r -> assertThat(r.reason()).contains("another origin"));
        }
    }

    @Test
    void jolokiaOnlyReadsByGet() {
        for (String path : List.of("/observe/jolokia", "/observe/jolokia/", "/observe/jolokia/version", "/observe/jolokia/read/java.lang:type=Memory",
                "/observe/jolokia/list", "/observe/jolokia/search/*:type=routes,*", "/observe/health")) {
            assertThat(loopback.check("GET", "127.0.0.1:8081", null, path, null)).as(path).isEmpty();
        }
        for (String path : List.of("/observe/jolokia/exec/x:type=y/stop()", "/observe/jolokia/EXEC/x:type=y/stop()", "/observe/jolokia//write/x:a=b/c/d")) {
            assertThat(loopback.check("GET", "127.0.0.1:8081", null, path, null)).as(path).get().satisfies(r -> assertThat(r.status()).isEqualTo(405));
        }
        assertThat(loopback.check("GET", "127.0.0.1:8081", null, "/observe/jolokia/", "/exec/x:type=y/stop()")).get()
                .satisfies(r -> assertThat(r.status()).isEqualTo(405));
        assertThat(loopback.check("GET", "127.0.0.1:8081", null, "/observe/jolokia", "read/java.lang:type=Memory")).isEmpty();
        assertThat(loopback.check("POST", "127.0.0.1:8081", null, "/observe/jolokia/exec/x:type=y/stop()", null)).isEmpty();
    }

    @Test
    void aWildcardBindTakesTheConfiguredNames() {
        ManagementGuard any = new ManagementGuard("0.0.0.0", 9000, List.of("skyroute.lab.example"), "/observe/jolokia");
        assertThat(any.check("GET", "skyroute.lab.example:9000", "http://skyroute.lab.example:9000", "/observe/health", null)).isEmpty();
        assertThat(any.check("GET", "other.example:9000", null, "/observe/health", null)).isPresent();
    }

    @Test
    void wrongPasswordsAreSlowedPerClientAndARightOneClearsTheRecord() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.waitFor("10.0.0.9")).isZero();
            throttle.failed("10.0.0.9");
        }
        assertThat(throttle.waitFor("10.0.0.9")).isEqualTo(Duration.ofMillis(250));
        assertThat(throttle.waitFor("10.0.0.10")).as("another client").isZero();
        clock.advance(250);
        assertThat(throttle.waitFor("10.0.0.9")).isZero();
        throttle.failed("10.0.0.9");
        assertThat(throttle.waitFor("10.0.0.9")).isEqualTo(Duration.ofMillis(500));
        for (int i = 0; i < 30; i++) {
            throttle.failed("10.0.0.9");
        }
        assertThat(throttle.waitFor("10.0.0.9")).as("capped").isEqualTo(Duration.ofSeconds(60));
        throttle.succeeded("10.0.0.9");
        assertThat(throttle.waitFor("10.0.0.9")).isZero();
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("first");
        }
        assertThat(throttle.waitFor("first")).isPositive();
        for (int i = 0; i < LoginThrottle.MAX_CLIENTS; i++) {
            throttle.failed("client-" + i);
        }
        assertThat(throttle.waitFor("first")).as("the oldest record went to make room").isZero();
    }

    private static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
