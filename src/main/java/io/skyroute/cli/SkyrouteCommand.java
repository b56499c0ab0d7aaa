package io.skyroute.cli;

import io.skyroute.app.SoftwareVersion;
import io.skyroute.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The {@code skyroute} command line: the daemon and the one-shot commands around it. */
@Command(name = "skyroute",
        mixinStandardHelpOptions = true,
        versionProvider = SkyrouteCommand.Version.class,
        description = "Fetches, sorts, reduces and publishes time-domain telescope frames.",
        subcommands = {RunCommand.class, DownloadCommand.class, SortCommand.class, PhotometryCommand.class, StatusCommand.class, DbCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public class SkyrouteCommand {

    /** Exit code for configuration problems (and usage errors, as picocli reports them). */
    public static final int EXIT_CONFIG = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SkyrouteCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof ConfigException config) {
                err.println("Configuration problems (" + config.problems().size() + "):");
                config.problems().forEach(p -> err.println("  " + p));
                err.flush();
                return EXIT_CONFIG;
            }
            err.println("skyroute " + commandLine.getCommandName() + " failed: " + describe(e));
            err.flush();
            org.slf4j.LoggerFactory.getLogger(SkyrouteCommand.class).debug("Failure", e);
            return 1;
        });
        return cli;
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append("\n  caused by: ").append(cause.getMessage());
        }
        return message.toString();
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"skyroute " + SoftwareVersion.get()};
        }
    }
}
