package io.skyroute.cli;

import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.SkyrouteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code skyroute config ...}: configuration files. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration files.",
        subcommands = {ConfigCommand.Check.class, ConfigCommand.Heap.class})
public class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks a configuration file and reports every problem in it (exit code 2 when there are any).",
                    "Recognises skyroute.yaml, data_download.yaml, reduction_config.yaml, reduction_manager.yaml, sorting.rules.yaml,"
                            + " tom_config.yaml and dropbox.cfg by their keys; --kind names the kind instead.",
                    "For skyroute.yaml the files it refers to are checked as well."})
    static class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The file to check.")
        Path file;

        @Option(names = "--kind", paramLabel = "KIND",
                description = "skyroute, data_download, reduction_config, reduction_manager, tom, dropbox or sorting_rules.")
        String kind;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
            ConfigKind configKind;
            try {
                configKind = kind == null ? loader.detect(file) : ConfigKind.byId(kind);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(List.of(new ConfigProblem(file, "--kind", e.getMessage())));
            }
            Object config = configKind == ConfigKind.SKYROUTE ? loader.loadDaemonConfig(file) : loader.load(file, configKind);
            Map<Path, String> checked = new LinkedHashMap<>();
            checked.put(file, configKind.description());
            List<ConfigProblem> problems = new ArrayList<>();
            if (config instanceof SkyrouteConfig daemon) {
                problems.addAll(DaemonFilesCheck.problems(loader, daemon, file, checked));
                problems.addAll(DaemonFilesCheck.startProblems(daemon, file).stream().filter(p -> !problems.contains(p)).toList());
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            PrintWriter out = spec.commandLine().getOut();
            checked.forEach((path, k) -> out.println("OK: " + path + " is " + k));
            if (config instanceof SkyrouteConfig daemon) {
                out.println("note: the daemon needs a heap of " + io.skyroute.config.MemoryBudget.explained(daemon)
                        + " (bin/skyroute run starts it so)");
            }
            loader.warnings().forEach(w -> out.println("warning: " + w));
            loader.notes().forEach(n -> out.println("note: " + n));
            out.flush();
            return 0;
        }
    }

    @Command(name = "heap", mixinStandardHelpOptions = true,
            description = {"Prints the heap in MB the daemon needs for a configuration (its frames in flight times its largest image,",
                    "and the rest): bin/skyroute run starts the JVM with it. Other arguments (run's) are ignored."})
    static class Heap implements Callable<Integer> {

        @picocli.CommandLine.Mixin
        ConfigOption configOption;

        @picocli.CommandLine.Unmatched
        List<String> others;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SkyrouteConfig config = configOption.load(ConfigLoader.fromSystemEnvironment());
            if (others != null && others.contains("--hawtio")) {  // run's flag turns Hawtio on
                config = config.withManagement(config.management().withHawtio(config.management().hawtio().enabledNow()));
            }
            spec.commandLine().getOut().println(io.skyroute.config.MemoryBudget.requiredHeapMb(config));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
