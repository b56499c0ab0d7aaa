package io.skyroute.sources;

/** Message headers every source sets on a landed frame, so downstream rooms need not know the source. */
public final class FrameHeaders {

    public static final String PATH = "SkyrouteFramePath";
    public static final String SOURCE = "SkyrouteFrameSource";
    public static final String CHECKSUM = "SkyrouteFrameChecksum";
    /** NEW, CHANGED or UNCHANGED, from {@link io.skyroute.ledger.FrameLedger.Arrival}. */
    public static final String ARRIVAL = "SkyrouteArrival";

    private FrameHeaders() {
    }
}
