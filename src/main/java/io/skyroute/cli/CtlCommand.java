package io.skyroute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.skyroute.app.SkyrouteControl;
import io.skyroute.config.ConfigException;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ConfigProblem;
import io.skyroute.config.ManagementConfig;
import io.skyroute.config.ManagementUsersConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code skyroute ctl ...}: steers a running daemon through its management server's Jolokia, as the same
 * MBean operations Hawtio and jconsole show ({@code io.skyroute:type=control}). Exit codes: 0 done, 1 the
 * daemon refused or the operation failed, 2 configuration problem, 3 no daemon answered.
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
        description = {"Steers a running daemon: poll a source now, pause/resume it, reduce a dataset now, release a dataset's lease,"
                + " retry dead letters, show counts and health.",
                "Reaches the daemon at management.http_host:http_port of --config (or --url); when the daemon has users"
                        + " (management.users_file) it logs in as --user (default the file's first), the password from that user's variable."},
        subcommands = {CtlCommand.Sources.class, CtlCommand.Poll.class, CtlCommand.Pause.class, CtlCommand.Resume.class,
                CtlCommand.Reduce.class, CtlCommand.ReleaseLease.class, CtlCommand.ResetArchive.class, CtlCommand.Retry.class, CtlCommand.Counts.class,
                CtlCommand.Health.class})
public class CtlCommand {

    static final int EXIT_REFUSED = 1;
    static final int EXIT_UNREACHABLE = 3;

    // inherited: given before or after the subcommand alike (skyroute ctl poll lco --config FILE)
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = ScopeType.INHERIT, defaultValue = "config/skyroute.yaml",
            description = "The daemon's configuration (default: ${DEFAULT-VALUE} when it exists, else built-in defaults).")
    java.nio.file.Path config;

    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT, description = "The daemon's management server, e.g. http://127.0.0.1:8081 (default: from --config).")
    URI url;

    @Option(names = "--user", paramLabel = "NAME", scope = ScopeType.INHERIT, description = "The management user to log in as (default: the first in management.users_file).")
    String user;

    @Spec
    CommandSpec spec;

    /** Connects as the configuration says: address, and the user's credentials from the environment. */
    DaemonConnection connect() {
        ConfigLoader loader = ConfigLoader.fromSystemEnvironment();
        ConfigOption configOption = new ConfigOption();
        configOption.file = config;
        ManagementConfig management = configOption.load(loader).management();
        URI base = url != null ? url : management.address();
        if (url == null && management.httpPort() == 0) {
            throw new ConfigException(List.of(new ConfigProblem(configOption.file() == null ? java.nio.file.Path.of("(defaults)") : configOption.file(),
                    "management.http_port", "is 0: the daemon serves no management server to talk to")));
        }
        if (management.usersFile() == null) {
            return new DaemonConnection(base, null, null, Duration.ofSeconds(60));
        }
        ManagementUsersConfig users = new ConfigLoader(Map.of()).load(management.usersFile(), ConfigKind.MANAGEMENT_USERS,
                ManagementUsersConfig.class);
        ManagementUsersConfig.User chosen = users.users().stream().filter(u -> user == null || u.name().equals(user)).findFirst()
                .orElseThrow(() -> new ConfigException(List.of(new ConfigProblem(management.usersFile(), "users",
                        user == null ? "names no user" : "has no user '" + user + "'"))));
        String password = System.getenv(chosen.passwordEnv());
        if (password == null || password.isEmpty()) {
            throw new ConfigException(List.of(new ConfigProblem(management.usersFile(), "users." + chosen.name() + ".password_env",
                    "environment variable '" + chosen.passwordEnv() + "' is not set in this shell")));
        }
        return new DaemonConnection(base, chosen.name(), password, Duration.ofSeconds(60));
    }

    /** Runs one control operation and prints its answer. */
    int control(String operation, Object... arguments) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DaemonConnection daemon = connect()) {
            JsonNode value = daemon.exec(SkyrouteControl.OBJECT_NAME, operation, arguments);
            out.println(value.isTextual() ? value.asText() : value.toString());
            return 0;
        } catch (DaemonConnection.Unreachable e) {
            err.println(e.getMessage());
            return EXIT_UNREACHABLE;
        } catch (DaemonConnection.Refused e) {
            err.println("the daemon refused: " + e.getMessage());
            return EXIT_REFUSED;
        } catch (java.io.IOException e) {
            err.println(e.getMessage());
            return EXIT_UNREACHABLE;
        }
    }

    @Command(name = "sources", mixinStandardHelpOptions = true, description = "Lists the polled sources and whether each is polling or paused.")
    static class Sources implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Override
        public Integer call() {
            return ctl.control("listSources()");
        }
    }

    @Command(name = "poll", mixinStandardHelpOptions = true, description = "Starts a pass of a source now (lco, dropbox, ...).")
    static class Poll implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "SOURCE")
        String source;

        @Override
        public Integer call() {
            return ctl.control("pollNow", source);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Stops a source's schedule until resumed (or the daemon restarts).")
    static class Pause implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "SOURCE")
        String source;

        @Override
        public Integer call() {
            return ctl.control("pauseSource", source);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Starts a paused source's schedule again.")
    static class Resume implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "SOURCE")
        String source;

        @Override
        public Integer call() {
            return ctl.control("resumeSource", source);
        }
    }

    @Command(name = "reduce", mixinStandardHelpOptions = true, description = "Reduces a dataset now (TARGET/instrument/filter under the reduction folder, or its path).")
    static class Reduce implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "DATASET")
        String dataset;

        @Override
        public Integer call() {
            return ctl.control("reduceNow", dataset);
        }
    }

    @Command(name = "release-lease", mixinStandardHelpOptions = true,
            description = "Clears a dataset's lease whoever holds it (for a holder that died or hung; a live holder would be doubled).")
    static class ReleaseLease implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "DATASET")
        String dataset;

        @Override
        public Integer call() {
            return ctl.control("releaseLease", dataset);
        }
    }

    @Command(name = "reset-archive", mixinStandardHelpOptions = true,
            description = "Polls an LCO archive stopped by a refused token again (after fixing the token), without a restart.")
    static class ResetArchive implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "ARCHIVE", description = "The archive's id in data_download.yaml (e.g. lco).")
        String archive;

        @Override
        public Integer call() {
            return ctl.control("resetArchive", archive);
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Sends a dead letter (by id, as `skyroute status` lists them) or all of a route's back into the pipeline.")
    static class Retry implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Parameters(paramLabel = "ID", arity = "0..1", description = "The dead letter's id.")
        Long id;
        @Option(names = "--route", paramLabel = "ROUTE", description = "Every dead letter of this route not yet retried.")
        String route;

        @Override
        public Integer call() {
            if ((id == null) == (route == null)) {
                ctl.spec.commandLine().getErr().println("give either a dead letter's ID or --route ROUTE");
                return 2;
            }
            return id != null ? ctl.control("retryDeadLetter", id) : ctl.control("retryDeadLetters", route);
        }
    }

    @Command(name = "counts", mixinStandardHelpOptions = true, description = "The ledger's counts by status, as JSON.")
    static class Counts implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Override
        public Integer call() {
            return ctl.control("counts()");
        }
    }

    @Command(name = "health", mixinStandardHelpOptions = true,
            description = "The daemon's health with every check (exit 0 when UP, 1 when DOWN); --live or --ready for those alone.")
    static class Health implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;
        @Option(names = "--live")
        boolean live;
        @Option(names = "--ready")
        boolean ready;

        @Override
        public Integer call() {
            try (DaemonConnection daemon = ctl.connect()) {
                DaemonConnection.Answer answer = daemon.health(live ? "live" : ready ? "ready" : null);
                ctl.spec.commandLine().getOut().println(answer.body());
                return answer.status() == 200 ? 0 : EXIT_REFUSED;
            } catch (DaemonConnection.Unreachable e) {
                ctl.spec.commandLine().getErr().println(e.getMessage());
                return EXIT_UNREACHABLE;
            } catch (java.io.IOException e) {
                ctl.spec.commandLine().getErr().println(e.getMessage());
                return EXIT_UNREACHABLE;
            }
        }
    }
}
