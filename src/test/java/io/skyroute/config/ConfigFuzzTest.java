package io.skyroute.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Coverage-guided fuzzing (Jazzer) of the configuration loader with arbitrary bytes as a YAML file: a configuration may
 * only be refused with {@link ConfigException} (file, key and reason); anything else is a finding. Kept inputs
 * (seeds and crashes) are under src/test/resources/io/skyroute/config/ConfigFuzzTestInputs/ (docs/reliability.md).
 */
class ConfigFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void daemonConfiguration(byte[] yaml) throws IOException {
        Path file = Files.createTempFile("fuzz", ".yaml");
        try {
            Files.write(file, yaml);
            new ConfigLoader(Map.of()).loadDaemonConfig(file);
        } catch (ConfigException refused) {
            // refused with file, key and reason
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
