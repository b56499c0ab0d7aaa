package io.skyroute.sources;

/** Message headers every source sets on a landed frame, so downstream rooms need not know the source. */
public final class FrameHeaders {

    public static final String PATH = "SkyrouteFramePath";
    public static final String SOURCE = "SkyrouteFrameSource";
    public static final String CHECKSUM = "SkyrouteFrameChecksum";
    /** The source's own id of the frame (with SOURCE, its key in the frame list). */
    public static final String NATURAL_ID = "SkyrouteFrameNaturalId";
    /** What a dead letter should point at when there is no file to quarantine (e.g. "lco frame 123 (name)"). */
    public static final String PAYLOAD_REF = "SkyroutePayloadRef";
    /** NEW, CHANGED or UNCHANGED, from {@link io.skyroute.ledger.FrameLedger.Arrival}. */
    public static final String ARRIVAL = "SkyrouteArrival";

    private FrameHeaders() {
    }
}
