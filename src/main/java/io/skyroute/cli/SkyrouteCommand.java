package io.skyroute.cli;

import io.skyroute.app.SoftwareVersion;
import io.skyroute.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/** The {@code skyroute} command line: the daemon and the one-shot commands around it. */
@Command(name = "skyroute",
        mixinStandardHelpOptions = true,
        versionProvider = SkyrouteCommand.Version.class,
        description = "Fetches, sorts, reduces and publishes time-domain telescope frames.")
public class SkyrouteCommand {

    /** Exit code for configuration problems (and usage errors, as picocli reports them). */
    public static final int EXIT_CONFIG = 2;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("photometry")) {
            PhotometryCommand.preloadInBackground();
        }
        System.exit(execute(args));
    }

    /** The subcommands, in the order {@code skyroute --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, DownloadCommand.class, SortCommand.class,
            ReduceCommand.class, ManageCommand.class, TomCommand.class, VastCommand.class, DemoCommand.class, PhotometryCommand.class, MastCommand.class, SurveyCommand.class, ResetDbCommand.class, ResetFsCommand.class, StatsCommand.class, PlotsCommand.class, InjectCommand.class, StatusCommand.class, CtlCommand.class, DbCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class);

    /** Runs a command line and returns its exit code; used by {@link #main} and by tests. */
    public static int execute(String... args) {
        return commandLine(args.length > 0 ? args[0] : null).execute(args);
    }

    /** The whole command tree. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command tree for a command line whose first word is {@code first}: picocli reflects over
     * every command it is given before it parses anything (~0.1 s in a fresh JVM), so when that word
     * names a subcommand only that one is built; anything else (options, help, a typo) gets them all.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new SkyrouteCommand());
        boolean named = first != null && !first.equals("help")
                && SUBCOMMANDS.stream().anyMatch(command -> nameOf(command).equals(first));
        for (Class<?> command : SUBCOMMANDS) {
            if (!named || nameOf(command).equals(first)) {
                cli.addSubcommand(command);
            }
        }
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

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            message.append("\n  caused by: ").append(cause.getMessage());
        }
        return io.skyroute.config.Redaction.redact(message.toString());
    }

    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"skyroute " + SoftwareVersion.get()};
        }
    }
}
