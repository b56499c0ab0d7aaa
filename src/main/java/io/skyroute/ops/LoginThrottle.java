package io.skyroute.ops;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows password guessing per client address: after {@value #FREE_FAILURES} wrong passwords in a row, the client's
 * next try is refused (HTTP 429 with Retry-After) until a wait that doubles with each further failure, from 250 ms up
 * to 60 s, has passed. A right password clears the client's record; records of clients quiet for an hour are dropped,
 * and at most {@value #MAX_CLIENTS} are kept (the oldest go first), so many addresses cannot fill the memory.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    static final int MAX_CLIENTS = 10_000;
    private static final long FIRST_WAIT_MS = 250;
    private static final long MAX_WAIT_MS = 60_000;
    private static final long FORGET_MS = Duration.ofHours(1).toMillis();

    private record Failures(int count, long lastMillis) {
    }

    private final Clock clock;
    private final Map<String, Failures> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long the client must still wait before its next try is looked at (zero: go ahead). */
    public synchronized Duration waitFor(String client) {
        Failures f = clients.get(client);
        if (f == null || f.count() < FREE_FAILURES) {
            return Duration.ZERO;
        }
        long now = clock.millis();
        if (now - f.lastMillis() > FORGET_MS) {
            clients.remove(client);
            return Duration.ZERO;
        }
        long wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS << Math.min(20, f.count() - FREE_FAILURES));
        return Duration.ofMillis(Math.max(0, f.lastMillis() + wait - now));
    }

    public synchronized void failed(String client) {
        Failures f = clients.get(client);
        clients.put(client, new Failures(f == null ? 1 : f.count() + 1, clock.millis()));
    }

    public synchronized void succeeded(String client) {
        clients.remove(client);
    }
}
