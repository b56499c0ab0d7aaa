package io.skyroute.cli;

import io.skyroute.config.CamelFiles;
import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.config.SortingRulesConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Language;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every file the daemon's configuration brings in, checked before anything starts (by {@code config check}
 * and by {@code run}): what no single key shows ({@link io.skyroute.config.ConfigConsistency}), the seed files it names, the sorting rules (their expressions compiled with Camel's
 * simple language), the YAML routes and application.properties. Problems come back as file, key, reason.
 */
final class DaemonFilesCheck {

    private DaemonFilesCheck() {
    }

    /** The problems, and the files checked with their kinds (for config check's "OK" lines). */
    static List<ConfigProblem> problems(ConfigLoader loader, SkyrouteConfig daemon, Path configFile, Map<Path, String> checked) {
        List<ConfigProblem> problems = new ArrayList<>(io.skyroute.config.ConfigConsistency.problems(configFile, daemon,
                io.skyroute.config.Secrets.fromSystemEnvironment()));
        referenced(loader, daemon.download(), ConfigKind.DATA_DOWNLOAD, checked, problems);
        referenced(loader, daemon.reductionManager(), ConfigKind.REDUCTION_MANAGER, checked, problems);
        referenced(loader, daemon.tom(), ConfigKind.TOM, checked, problems);
        referenced(loader, daemon.dropbox(), ConfigKind.DROPBOX, checked, problems);
        referenced(loader, daemon.management().usersFile(), ConfigKind.MANAGEMENT_USERS, checked, problems);
        Object rules = referenced(loader, daemon.sorting().rules(), ConfigKind.SORTING_RULES, checked, problems);
        if (rules instanceof SortingRulesConfig sorting) {
            problems.addAll(expressionProblems(daemon.sorting().rules(), sorting));
        }
        if (daemon.targets() != null) {
            try {
                io.skyroute.sorting.TargetsFile targets = io.skyroute.sorting.TargetsFile.read(daemon.targets());
                checked.put(daemon.targets(), "the targets file (" + targets.size() + " targets)");
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                problems.add(new ConfigProblem(daemon.targets(), "", e.getMessage().replace(daemon.targets() + ": ", "")));
            }
        }
        List<ConfigProblem> routes = CamelFiles.routeProblems(daemon.routesDir());
        problems.addAll(routes);
        if (routes.isEmpty() && java.nio.file.Files.isDirectory(daemon.routesDir())) {
            checked.put(daemon.routesDir(), "the YAML routes folder");
        }
        List<ConfigProblem> properties = CamelFiles.applicationPropertiesProblems(daemon.applicationProperties());
        problems.addAll(properties);
        if (properties.isEmpty() && java.nio.file.Files.exists(daemon.applicationProperties())) {
            checked.put(daemon.applicationProperties(), "Camel Main's settings (application.properties)");
        }
        return problems;
    }

    /**
     * What {@code run} refuses beyond the files, for {@code config check} to refuse alike: the management users (and an
     * open server off loopback), the archives' tokens and the other secrets the configuration names by variable.
     */
    static List<ConfigProblem> startProblems(SkyrouteConfig daemon, Path configFile) {
        List<ConfigProblem> problems = new ArrayList<>();
        io.skyroute.config.Secrets secrets = io.skyroute.config.Secrets.fromSystemEnvironment();
        try {
            io.skyroute.ops.ManagementAccess.load(daemon.management(), new ConfigLoader(Map.of()), secrets, configFile);
        } catch (io.skyroute.config.ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            io.skyroute.app.SkyrouteSetup.load(daemon, new ConfigLoader(Map.of()), secrets);
        } catch (io.skyroute.config.ConfigException e) {
            problems.addAll(e.problems());
        }
        if (daemon.tom() != null && java.nio.file.Files.isRegularFile(daemon.tom())) {
            try {
                io.skyroute.config.TomConfig tom = new ConfigLoader(Map.of()).load(daemon.tom(), ConfigKind.TOM, io.skyroute.config.TomConfig.class);
                if (tom.tomPasswordEnvvar() != null && secrets.fromVariable(tom.tomPasswordEnvvar()).isEmpty()) {
                    problems.add(new ConfigProblem(daemon.tom(), "tom_password_envvar", "environment variable '" + tom.tomPasswordEnvvar()
                            + "' is not set"));
                }
            } catch (io.skyroute.config.ConfigException e) {
                // reported with the files
            }
        }
        if (daemon.mast() != null && daemon.mast().tokenEnvvar() != null && secrets.fromVariable(daemon.mast().tokenEnvvar()).isEmpty()) {
            problems.add(new ConfigProblem(configFile == null ? Path.of("(defaults)") : configFile, "mast.token_envvar",
                    "environment variable '" + daemon.mast().tokenEnvvar() + "' is not set"));
        }
        return problems;
    }

    /** Throws the problems, if any, as one configuration error (exit code 2). */
    static void require(ConfigLoader loader, SkyrouteConfig daemon, Path configFile) {
        List<ConfigProblem> problems = problems(loader, daemon, configFile, new java.util.LinkedHashMap<>());
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static Object referenced(ConfigLoader loader, Path file, ConfigKind kind, Map<Path, String> checked, List<ConfigProblem> problems) {
        if (file == null) {
            return null;
        }
        try {
            Object loaded = loader.load(file, kind);
            checked.put(file, kind.description());
            return loaded;
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Each rule's when, reason and layout compiled as the sorting route will (a bare context: nothing starts). */
    private static List<ConfigProblem> expressionProblems(Path file, SortingRulesConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        // a bare context, never started (nor stopped: stopping one logs as if a daemon went down)
        DefaultCamelContext context = new DefaultCamelContext(false);
        {
            context.build();
            Language simple = context.resolveLanguage("simple");
            for (int i = 0; i < config.rules().size(); i++) {
                SortingRulesConfig.Rule rule = config.rules().get(i);
                compile(file, "rules[" + i + "].when", () -> simple.createPredicate(rule.when()), problems);
                if (rule.reason() != null) {
                    compile(file, "rules[" + i + "].reason", () -> simple.createExpression(rule.reason()), problems);
                }
                if (rule.layout() != null) {
                    compile(file, "rules[" + i + "].layout", () -> simple.createExpression(rule.layout()), problems);
                }
            }
        }
        return problems;
    }

    private static void compile(Path file, String key, Runnable compile, List<ConfigProblem> problems) {
        try {
            compile.run();
        } catch (RuntimeException e) {
            problems.add(new ConfigProblem(file, key, "expected a Camel simple expression, found one that does not compile: "
                    + e.getMessage().replaceAll("\\s+", " ")));
        }
    }
}
