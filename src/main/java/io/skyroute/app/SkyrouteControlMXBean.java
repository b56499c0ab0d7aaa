package io.skyroute.app;

/**
 * What an operator can ask of a running daemon ({@code io.skyroute:type=control}; also {@code skyroute ctl}
 * over Jolokia). Every operation answers with a sentence saying what it did; one that cannot do what was asked
 * (an unknown source, a folder outside the reduction folder, a dead letter that cannot be sent again) fails with
 * the reason.
 */
public interface SkyrouteControlMXBean {

    /** The polled sources and whether each is polling or paused. */
    String listSources();

    /** Starts a pass of a source now (lco, dropbox, ...), whatever its schedule says. */
    String pollNow(String source);

    /** Stops a source's schedule (its poll and reconcile routes) until resumed or the daemon restarts. */
    String pauseSource(String source);

    String resumeSource(String source);

    /** Reduces a dataset now: a folder under the reduction folder, as TARGET/instrument/filter or a full path. */
    String reduceNow(String dataset);

    /** Clears a dataset's lease whoever holds it (for a holder that died or hung on another machine). */
    String releaseLease(String dataset);

    /** Polls an LCO archive stopped by a refused token again from its next pass (once the token is fixed). */
    String resetArchive(String archive);

    /** Sends one dead letter back into the pipeline where it failed. */
    String retryDeadLetter(long id);

    /** Sends every dead letter of a route not yet retried back into the pipeline. */
    String retryDeadLetters(String routeId);

    /** The ledger's counts (frames by status, datasets, reductions, uploads, dead letters, attention) as JSON. */
    String counts();
}
