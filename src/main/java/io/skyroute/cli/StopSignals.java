package io.skyroute.cli;

import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT taken by the daemon itself instead of the JVM's default (which runs every shutdown
 * hook at once): the embedded database's own hook would close the ledger while Camel still finishes the
 * exchanges in flight. Here a signal only asks Camel Main to complete; routes stop, in-flight work ends
 * within the shutdown timeout, the ledger is closed, and only then does the process exit.
 */
final class StopSignals {

    private final AtomicInteger received = new AtomicInteger();

    private StopSignals() {
    }

    static StopSignals install(Runnable stop) {
        StopSignals signals = new StopSignals();
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (signals.received.compareAndSet(0, signal.getNumber())) {
                        LoggerFactory.getLogger(RunCommand.class).info("SIG{} received: stopping (work in flight finishes first)", name);
                        stop.run();
                    }
                });
            } catch (IllegalArgumentException unavailable) {
                // this platform does not let us take the signal: the JVM's default and the hooks apply
            }
        }
        return signals;
    }

    /** 0 when no signal stopped the daemon, else 128 + the signal's number. */
    int exitCode() {
        int signal = received.get();
        return signal == 0 ? 0 : 128 + signal;
    }
}
