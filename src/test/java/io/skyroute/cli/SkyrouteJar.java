package io.skyroute.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the packaged {@code target/skyroute.jar} (with its {@code lib/}) the way a user does. */
final class SkyrouteJar {

    private SkyrouteJar() {
    }

    static ProcessBuilder command(String... args) {
        return command(List.of(), args);
    }

    /** With JVM options (system properties such as Camel placeholders) before {@code -jar}. */
    static ProcessBuilder command(List<String> jvmOptions, String... args) {
        Path jar = Path.of(System.getProperty("skyroute.jar", "target/skyroute.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: integration tests run after 'package' (./mvnw verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
