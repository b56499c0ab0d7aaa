package io.skyroute.config;

import java.nio.file.Path;

/**
 * The daemon's own configuration ({@code config/skyroute.yaml}). Every key is optional: with no file
 * at all the daemon runs on the embedded database under {@code ./var} with a drop folder and no
 * remote source. Paths are taken from the working directory.
 */
public record SkyrouteConfig(
        @ValueFormat(ValueFormat.Form.FOLDER) Path dataDir,
        DatabaseConfig database,
        Path routesDir,
        DropConfig drop,
        SortingConfig sorting,
        SchedulesConfig schedules,
        ManagementConfig management,
        @MustBeReadable Path download,
        @MustBeReadable Path reductionManager,
        @MustBeReadable Path tom,
        @MustBeReadable Path dropbox,
        Path applicationProperties,
        RetryConfig retry,
        ReductionSettings reduction,
        TomDeliveryConfig tomDelivery,
        @MustBeReadable Path targets,
        AnalysisConfig analysis,
        MastConfig mast,
        TimetagConfig timetag,
        ProjectConfig project,
        ClusterConfig cluster,
        HttpLimitsConfig http) {

    public static final Path DEFAULT_DATA_DIR = Path.of("var");

    public SkyrouteConfig {
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        database = database == null ? DatabaseConfig.embeddedIn(dataDir) : database.withDefaultsFor(dataDir);
        routesDir = routesDir == null ? Path.of("routes") : routesDir;
        drop = drop == null ? new DropConfig(null, null, null, null, null) : drop;
        drop = drop.withDefaultsFor(dataDir);
        sorting = (sorting == null ? SortingConfig.defaults() : sorting).withDefaultsFor(dataDir, routesDir);
        schedules = schedules == null ? new SchedulesConfig(null, null, null, null, null) : schedules;
        management = management == null ? new ManagementConfig(null, null, null, null) : management;
        applicationProperties = applicationProperties == null ? DEFAULT_APPLICATION_PROPERTIES : applicationProperties;
        retry = retry == null ? new RetryConfig(null, null, null) : retry;
        reduction = reduction == null ? new ReductionSettings(null, null, null, null, null, null, null) : reduction;
        tomDelivery = tomDelivery == null ? new TomDeliveryConfig(null, null) : tomDelivery;
        targets = targets != null ? targets : java.nio.file.Files.isRegularFile(DEFAULT_TARGETS) ? DEFAULT_TARGETS : null;
        analysis = (analysis == null ? AnalysisConfig.defaults() : analysis).withDefaultsFor(dataDir);
        mast = mast == null ? null : mast.withDefaultsFor(dataDir);
        timetag = (timetag == null ? new TimetagConfig(null, null, null, null, null, null, null, null, null, null) : timetag)
                .withDefaultsFor(dataDir, mast != null);
        project = project == null ? null : project.withDefaultsFor(dataDir);
        cluster = cluster == null ? ClusterConfig.single() : cluster;
        http = http == null ? HttpLimitsConfig.defaults() : http;
        if (cluster.enabled() && database.isEmbedded()) {
            throw new IllegalArgumentException("cluster.enabled: several daemons need one PostgreSQL ledger (database.url), not the embedded H2");
        }
    }

    /** Camel Main's own settings ({@code camel.*} keys), when the file exists; beside the configuration file by default. */
    public static final Path DEFAULT_APPLICATION_PROPERTIES = Path.of("config", "application.properties");

    /** The team's targets file (name, aliases, RA, Dec), used when present and {@code targets} names no other. */
    public static final Path DEFAULT_TARGETS = Path.of("config", "targets.csv");

    /** The sections every caller used before retry, reduction and application_properties existed: those at their defaults. */
    public SkyrouteConfig(Path dataDir, DatabaseConfig database, Path routesDir, DropConfig drop, SortingConfig sorting,
                          SchedulesConfig schedules, ManagementConfig management, Path download, Path reductionManager, Path tom,
                          Path dropbox) {
        this(dataDir, database, routesDir, drop, sorting, schedules, management, download, reductionManager, tom, dropbox, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    /** The same configuration with application.properties looked for beside {@code configFile} unless the file names it. */
    SkyrouteConfig besideFile(Path configFile, boolean named) {
        if (named || configFile == null) {
            return this;
        }
        return new SkyrouteConfig(dataDir, database, routesDir, drop, sorting, schedules, management, download, reductionManager, tom,
                dropbox, configFile.toAbsolutePath().getParent().resolve("application.properties"), retry, reduction, tomDelivery, targets,
                analysis, mast, timetag, project, cluster, http);
    }

    /** The same configuration with another management section (e.g. Hawtio turned on by {@code run --hawtio}). */
    public SkyrouteConfig withManagement(ManagementConfig other) {
        return new SkyrouteConfig(dataDir, database, routesDir, drop, sorting, schedules, other, download, reductionManager, tom,
                dropbox, applicationProperties, retry, reduction, tomDelivery, targets, analysis, mast, timetag, project, cluster, http);
    }

    /** The same configuration with another project section. */
    public SkyrouteConfig withProject(ProjectConfig other) {
        return new SkyrouteConfig(dataDir, database, routesDir, drop, sorting, schedules, management, download, reductionManager, tom,
                dropbox, applicationProperties, retry, reduction, tomDelivery, targets, analysis, mast, timetag, other, cluster, http);
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
