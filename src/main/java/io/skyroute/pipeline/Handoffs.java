package io.skyroute.pipeline;

/**
 * How the rooms hand work to each other: the endpoints of each hand-off and the message headers that
 * travel with it. A room sends to (or consumes from) these constants, never a retyped string, and
 * never imports the room on the other side.
 */
public final class Handoffs {

    /** A source has landed a frame (verified, renamed into place, recorded); headers below. Route sources-landed. */
    public static final String FRAME_LANDED = "direct:frame-landed";
    /** Sorting's entry: a landed frame to place into its dataset. Route sort-frame. */
    public static final String SORT_FRAME = "direct:sort-frame";
    /** Sorting placed a frame into the dataset named by {@link #DATASET}: reduction decides when to reduce it. */
    public static final String DATASET_CHANGED = "direct:dataset-changed";
    /** A reduction wrote a lightcurve it vouches for; the body is a {@link LightcurveReady}. TOM delivery and analysis subscribe. */
    public static final String LIGHTCURVE_READY = "direct:lightcurve-ready";

    // headers of a landed frame: downstream rooms need not know its source
    public static final String PATH = "SkyrouteFramePath";
    public static final String SOURCE = "SkyrouteFrameSource";
    public static final String CHECKSUM = "SkyrouteFrameChecksum";
    /** The source's own id of the frame (with SOURCE, its key in the frame list). */
    public static final String NATURAL_ID = "SkyrouteFrameNaturalId";
    /** What a dead letter should point at when there is no file to quarantine (e.g. "lco frame 123 (name)"). */
    public static final String PAYLOAD_REF = "SkyroutePayloadRef";
    /** NEW, CHANGED or UNCHANGED: how the frame list saw the frame arrive. */
    public static final String ARRIVAL = "SkyrouteArrival";
    /** The dataset folder a frame was placed in (with {@link #DATASET_CHANGED}). */
    public static final String DATASET = "SkyrouteDataset";
    /** Exchange property: what each subscriber of {@link #LIGHTCURVE_READY} made of it ({@link SubscriberOutcomes}). */
    public static final String SUBSCRIBER_OUTCOMES = "SkyrouteSubscriberOutcomes";

    private Handoffs() {
    }
}
