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
        subcommands = {ConfigCommand.Check.class})
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
                problems.addAll(DaemonFilesCheck.problems(loader, daemon, checked));
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            PrintWriter out = spec.commandLine().getOut();
            checked.forEach((path, k) -> out.println("OK: " + path + " is " + k));
            loader.warnings().forEach(w -> out.println("warning: " + w));
            loader.notes().forEach(n -> out.println("note: " + n));
            out.flush();
            return 0;
        }
    }
}
