package io.skyroute.cli;

import io.skyroute.config.ConfigLoader;
import org.slf4j.LoggerFactory;

/** Logs what loading the configuration noticed, once per command, after the log file is set up. */
final class ConfigNotices {

    private ConfigNotices() {
    }

    static void log(ConfigLoader loader) {
        var log = LoggerFactory.getLogger("io.skyroute.config");
        loader.warnings().forEach(w -> log.warn("{}", w));
        loader.notes().forEach(n -> log.info("{}", n));
    }
}
