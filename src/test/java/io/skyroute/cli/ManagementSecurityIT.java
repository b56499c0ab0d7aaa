package io.skyroute.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Off loopback the management server and Hawtio take only the configured users: the daemon refuses to start
 * without them; anonymous and wrong credentials are refused, the right ones accepted; Jolokia's access policy
 * holds for everyone; `ctl` logs in with the user's password from the environment; no password reaches a log.
 */
class ManagementSecurityIT {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path work;

    @Test
    void offLoopbackWithoutUsersTheDaemonRefusesToStart() throws Exception {
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                management:
                  http_host: 0.0.0.0
                """.formatted(work.resolve("var")));
        CliOutput run = run(Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(DaemonProcess.freePort())), "run", "--config", config.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains(config + ": management.http_host: is 0.0.0.0, not loopback",
                "name its users in management.users_file");

        Path hawtio = Files.writeString(work.resolve("hawtio.yaml"), """
                data_dir: %s
                management:
                  hawtio:
                    enabled: true
                    host: 0.0.0.0
                """.formatted(work.resolve("var")));
        CliOutput console = run(Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(DaemonProcess.freePort())), "run", "--config", hawtio.toString());
        assertThat(console.exit()).isEqualTo(2);
        assertThat(console.output()).contains(hawtio + ": management.hawtio.host: is 0.0.0.0, not loopback");

        Path users = Files.writeString(work.resolve("users.yaml"), """
                users:
                  - name: ops
                    password_env: SKYROUTE_OPS_PASSWORD
                """);
        Path withUsers = Files.writeString(work.resolve("with-users.yaml"), """
                data_dir: %s
                management:
                  http_host: 0.0.0.0
                  users_file: %s
                """.formatted(work.resolve("var"), users));
        CliOutput unset = run(Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(DaemonProcess.freePort())), "run", "--config", withUsers.toString());
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.output()).contains(users + ": users[0].password_env: environment variable 'SKYROUTE_OPS_PASSWORD' for user ops is not set");
    }

    @Test
    void offLoopbackOnlyTheUsersGetInAndTheAccessPolicyHoldsForThem() throws Exception {
        int port = DaemonProcess.freePort();
        int hawtioPort = DaemonProcess.freePort();
        Path users = Files.writeString(work.resolve("management-users.yaml"), """
                users:
                  - name: ops
                    password_env: SKYROUTE_OPS_PASSWORD
                """);
        Path config = Files.writeString(work.resolve("skyroute.yaml"), """
                data_dir: %s
                management:
                  http_host: 0.0.0.0
                  http_port: %d
                  users_file: %s
                  hawtio:
                    enabled: true
                    host: 0.0.0.0
                    port: %d
                """.formatted(work.resolve("var"), port, users, hawtioPort));
        Map<String, String> env = Map.of("SKYROUTE_OPS_PASSWORD", PASSWORD, "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port));
        URI base = URI.create("http://127.0.0.1:" + port);
        // what an older version killed by SIGKILL left behind: the users' passwords in plain text
        Path usersProperties = Files.createDirectories(work.resolve("var")).resolve(".management-users.properties");
        Files.writeString(usersProperties, "user.ops=" + PASSWORD + ",operator\n");
        try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of(), env)) {
            daemon.awaitText("Hawtio console at http://0.0.0.0:" + hawtioPort + "/hawtio (log in as a management user)", 60);
            assertThat(usersProperties).as("the leftover plain-text users file is removed, and none is written").doesNotExist();
            try (var files = Files.list(work.resolve("var"))) {
                assertThat(files.filter(Files::isRegularFile).map(f -> {
                    try {
                        return Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                    } catch (java.io.IOException e) {
                        return "";
                    }
                })).noneMatch(text -> text.contains(PASSWORD));
            }

            // the management server: anonymous and wrong password refused, the user accepted (once health is UP)
            ManagementHttp ops = new ManagementHttp(base, "ops", PASSWORD);
            daemon.await(() -> {
                try {
                    return ops.get("/observe/health").status() == 200;
                } catch (Exception e) {
                    return false;
                }
            }, 30, "health UP for ops");
            daemon.await(() -> {
                try {
                    return ops.get("/dashboard/index.html").status() == 200;
                } catch (Exception e) {
                    return false;
                }
            }, 30, "the dashboard written");
            for (String path : List.of("/observe/health", "/observe/metrics", "/observe/info", "/observe/jolokia/version", "/dashboard/index.html")) {
                assertThat(new ManagementHttp(base).get(path).status()).as("anonymous " + path).isEqualTo(401);
                assertThat(new ManagementHttp(base, "ops", "wrong").get(path).status()).as("wrong password " + path).isEqualTo(401);
                assertThat(new ManagementHttp(base, "ops", PASSWORD).get(path).status()).as("ops " + path).isEqualTo(200);
            }
            // Jolokia's policy: reads and route control yes, anything else no, for the users too
            assertThat(ops.post("/observe/jolokia", """
                    {"type":"exec","mbean":"java.lang:type=Memory","operation":"gc"}""").body()).contains("\"status\":403", "forbidden");
            assertThat(ops.post("/observe/jolokia", """
                    {"type":"write","mbean":"org.apache.camel:context=skyroute,type=routes,name=\\"local-drop\\"","attribute":"Description","value":"x"}""")
                    .body()).contains("\"status\":403");
            assertThat(ops.post("/observe/jolokia", """
                    {"type":"exec","mbean":"org.apache.camel:context=skyroute,type=routes,name=\\"local-drop\\"","operation":"suspend()"}""")
                    .body()).contains("\"status\":200");
            assertThat(ops.post("/observe/jolokia", """
                    {"type":"exec","mbean":"org.apache.camel:context=skyroute,type=routes,name=\\"local-drop\\"","operation":"resume()"}""")
                    .body()).contains("\"status\":200");
            assertThat(ops.post("/observe/jolokia", """
                    {"type":"read","mbean":"java.lang:type=Runtime","attribute":"Uptime"}""").body()).contains("\"status\":200");

            // ctl logs in as the file's first user with the password from its variable; a wrong one is refused
            CliOutput counts = run(env, "ctl", "counts", "--config", config.toString());
            assertThat(counts.exit()).as(counts.output()).isZero();
            assertThat(counts.output()).contains("\"frames\"");
            CliOutput wrong = run(Map.of("SKYROUTE_OPS_PASSWORD", "wrong", "SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)),
                    "ctl", "counts", "--config", config.toString());
            assertThat(wrong.exit()).isEqualTo(3);
            assertThat(wrong.output()).contains("refused the credentials (HTTP 401)");

            // Hawtio: its Jolokia needs a log-in; a wrong password is refused, the user's accepted
            URI hawtio = URI.create("http://127.0.0.1:" + hawtioPort);
            ManagementHttp console = new ManagementHttp(hawtio);
            assertThat(console.get("/hawtio/jolokia/version").status()).as("anonymous Hawtio Jolokia").isIn(401, 403);
            assertThat(console.post("/hawtio/auth/login", "{\"username\":\"ops\",\"password\":\"wrong\"}").status()).isIn(401, 403);
            ManagementHttp.Reply login = console.post("/hawtio/auth/login", "{\"username\":\"ops\",\"password\":\"" + PASSWORD + "\"}");
            assertThat(login.status()).isEqualTo(200);
            String session = login.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0])
                    .filter(c -> c.startsWith("JSESSIONID")).findFirst().orElseThrow();
            ManagementHttp.Reply version = console.get("/hawtio/jolokia/version", "Cookie", session);
            assertThat(version.status()).isEqualTo(200);
            assertThat(version.body()).contains("\"agent\":\"2.4.2\"");

            // password guessing is slowed: after five wrong passwords in a row the client waits, doubling with each failure
            List<Integer> guesses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                guesses.add(new ManagementHttp(base, "ops", "guess-" + i).get("/observe/health").status());
            }
            assertThat(guesses.subList(0, 5)).containsOnly(401);
            assertThat(guesses.stream().filter(s -> s == 401).count()).as("tries looked at: %s", guesses).isLessThanOrEqualTo(7);
            assertThat(guesses).contains(429);
            ManagementHttp.Reply waiting = new ManagementHttp(base, "ops", PASSWORD).get("/observe/health");
            assertThat(waiting.status()).as("the right password waits too").isEqualTo(429);
            Thread.sleep(1000L * Long.parseLong(waiting.headers().firstValue("Retry-After").orElseThrow()));
            assertThat(new ManagementHttp(base, "ops", PASSWORD).get("/observe/health").status()).isEqualTo(200);
            assertThat(new ManagementHttp(base, "ops", "wrong").get("/observe/health").status()).as("a right password cleared the record").isEqualTo(401);

            assertThat(daemon.stop()).isEqualTo(143);
            String logs = daemon.output() + Files.readString(work.resolve("var/logs/skyroute.log"));
            assertThat(logs).doesNotContain(PASSWORD);
        }
    }

    @Test
    void onLoopbackNoOtherSiteCanSteerTheDaemon() throws Exception {
        int port = DaemonProcess.freePort();
        Path config = Files.writeString(work.resolve("skyroute.yaml"), "data_dir: " + work.resolve("var") + "\n");
        String stop = "/observe/jolokia/exec/org.apache.camel:context=skyroute,type=routes,name=%22local-drop%22/stop()";
        String state = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=skyroute,type=routes,name=\\\"local-drop\\\"\",\"attribute\":\"State\"}";
        try (DaemonProcess daemon = DaemonProcess.start(work, config, List.of(), Map.of("SKYROUTE_MANAGEMENT_HTTP_PORT", String.valueOf(port)))) {
            String self = "127.0.0.1:" + port;
            // DNS rebinding: the browser sends the attacker's name as Host
            assertThat(raw(port, "GET " + stop + " HTTP/1.1\r\nHost: rebind.evil.example:" + port + "\r\nOrigin: http://evil.example\r\n"))
                    .startsWith("HTTP/1.1 403");
            assertThat(raw(port, "GET /observe/health HTTP/1.1\r\nHost: rebind.evil.example:" + port + "\r\n")).startsWith("HTTP/1.1 403");
            assertThat(raw(port, "GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1:1\r\n")).as("another port").startsWith("HTTP/1.1 403");
            // a page of another origin, by GET or by POST (a form's text/plain body)
            assertThat(raw(port, "GET " + stop + " HTTP/1.1\r\nHost: " + self + "\r\nOrigin: http://evil.example\r\n")).startsWith("HTTP/1.1 403");
            assertThat(raw(port, post(self, "http://evil.example", "{\"type\":\"exec\",\"mbean\":\"org.apache.camel:context=skyroute,type=routes,"
                    + "name=\\\"local-drop\\\"\",\"operation\":\"stop()\"}"))).startsWith("HTTP/1.1 403");
            // a link or an image (GET, no Origin) cannot exec, nor through Jolokia's query form
            assertThat(raw(port, "GET " + stop + " HTTP/1.1\r\nHost: " + self + "\r\n")).startsWith("HTTP/1.1 405");
            assertThat(raw(port, "GET /observe/jolokia/?p=/exec/org.apache.camel:context=skyroute,type=routes,name=%22local-drop%22/stop() HTTP/1.1\r\n"
                    + "Host: " + self + "\r\n")).startsWith("HTTP/1.1 405");
            // the route still runs; reads by GET, this server's own pages and a same-origin POST are fine
            assertThat(raw(port, post(self, null, state))).contains("\"value\":\"Started\"");
            assertThat(raw(port, "GET /observe/jolokia/read/java.lang:type=Runtime/Uptime HTTP/1.1\r\nHost: localhost:" + port + "\r\n"))
                    .startsWith("HTTP/1.1 200");
            assertThat(raw(port, post(self, "http://" + self, state))).contains("\"value\":\"Started\"");
            assertThat(daemon.stop()).isEqualTo(143);
        }
    }

    private static String post(String host, String origin, String json) {
        return "POST /observe/jolokia HTTP/1.1\r\nHost: " + host + "\r\n" + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Content-Type: text/plain\r\nContent-Length: " + json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    /** One request as written (the JDK's client will not send another Host), read to the end of the answer. */
    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            String whole = request.contains("\r\n\r\n") ? request.replaceFirst("\r\n", "\r\nConnection: close\r\n")
                    : request + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    record CliOutput(int exit, String output) {
    }

    private CliOutput run(Map<String, String> env, String... args) throws Exception {
        Path output = Files.createTempFile(work, "out", ".txt");
        ProcessBuilder builder = SkyrouteJar.command(new ArrayList<>(List.of(args)).toArray(String[]::new)).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("no exit within 120 s: " + Files.readString(output));
        }
        return new CliOutput(process.exitValue(), Files.readString(output));
    }
}
