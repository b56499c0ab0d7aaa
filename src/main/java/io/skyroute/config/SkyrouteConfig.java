package io.skyroute.config;

import java.nio.file.Path;

/**
 * The daemon's own configuration ({@code config/skyroute.yaml}). Every key is optional: with no file
 * at all the daemon runs on the embedded database under {@code ./var} with a drop folder and no
 * remote source. Paths are taken from the working directory.
 */
public record SkyrouteConfig(
        Path dataDir,
        DatabaseConfig database,
        Path routesDir,
        DropConfig drop,
        SortingConfig sorting,
        SchedulesConfig schedules,
        ManagementConfig management,
        @MustBeReadable Path download,
        @MustBeReadable Path reductionManager,
        @MustBeReadable Path tom,
        @MustBeReadable Path dropbox) {

    public static final Path DEFAULT_DATA_DIR = Path.of("var");

    public SkyrouteConfig {
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        database = database == null ? DatabaseConfig.embeddedIn(dataDir) : database.withDefaultsFor(dataDir);
        routesDir = routesDir == null ? Path.of("routes") : routesDir;
        drop = drop == null ? new DropConfig(null, null) : drop;
        drop = drop.withDefaultsFor(dataDir);
        sorting = (sorting == null ? SortingConfig.defaults() : sorting).withDefaultsFor(dataDir, routesDir);
        schedules = schedules == null ? new SchedulesConfig(null, null, null, null, null) : schedules;
        management = management == null ? new ManagementConfig(null, null, null, null) : management;
    }

    /** Built-in defaults, as if the file were empty. */
    public static SkyrouteConfig defaults() {
        return new SkyrouteConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Where the rolling log files go. */
    public Path logDir() {
        return dataDir.resolve("logs");
    }
}
