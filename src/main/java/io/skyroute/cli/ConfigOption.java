package io.skyroute.cli;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.SkyrouteConfig;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code --config} option shared by every command that needs the daemon's configuration. */
public class ConfigOption {

    static final Path DEFAULT = Path.of("config", "skyroute.yaml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The daemon's configuration (default: ${DEFAULT-VALUE} when it exists, else built-in defaults"
                    + " with the embedded database under ./var). Keys can be overridden by SKYROUTE_* environment variables.",
            defaultValue = "config/skyroute.yaml")
    Path file;

    /** The configuration file when there is one (for messages), else null. */
    public Path file() {
        return file == null || file.equals(DEFAULT) && !Files.exists(file) ? null : file;
    }

    /** Loads the configuration tree; a missing default file means built-in defaults, a missing named file is an error. */
    public SkyrouteConfig load(ConfigLoader loader) {
        if (file == null || file.equals(DEFAULT) && !Files.exists(file)) {
            return loader.loadDaemonConfig(null);
        }
        if (!Files.exists(file)) {
            throw new ConfigException(List.of(new ConfigProblem(file, "", "file does not exist")));
        }
        return loader.loadDaemonConfig(file);
    }
}
