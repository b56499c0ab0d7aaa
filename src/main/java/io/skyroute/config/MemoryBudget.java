package io.skyroute.config;

/**
 * The heap the daemon needs for its configuration: each frame in flight holds its science and error planes as floats
 * and its bad-pixel mask as bytes (9 bytes a pixel), finding its stars a byte a pixel more, and while a plane is decoded
 * that plane's compressed bytes; with the slack G1 needs to place such "humongous" arrays, 19 bytes a pixel measured
 * (docs/benchmarks.md, "Real-size frames": 4096 x 4096 frames, two in flight, ran in 744 MB and not in 556 MB);
 * the rest of the daemon lives in {@value #REST_MB} MB (measured 130-145 MB live
 * with 2,000 frames in a dataset, docs/operations.md "Memory"), and Hawtio's console, when it runs in the daemon,
 * {@value #HAWTIO_MB} MB more. {@code bin/skyroute run} starts the JVM with this
 * figure (from {@code skyroute config heap}); {@code run} refuses a smaller heap, with the figure.
 */
public final class MemoryBudget {

    static final int REST_MB = 140;
    static final int HAWTIO_MB = 128;
    private static final int BYTES_PER_PIXEL_IN_FLIGHT = 19;

    private MemoryBudget() {
    }

    /** The least heap, in MB, the daemon can run its configuration in. */
    public static long requiredHeapMb(SkyrouteConfig config) {
        ReductionSettings reduction = config.reduction();
        long perFrame = reduction.maxImagePixels() * BYTES_PER_PIXEL_IN_FLIGHT;
        return rest(config) + (reduction.framesInFlight() * perFrame + (1 << 20) - 1) / (1 << 20);
    }

    /** The sentence that says why, for the refusal and the documentation. */
    public static String explained(SkyrouteConfig config) {
        ReductionSettings reduction = config.reduction();
        return reduction.framesInFlight() + " frame(s) in flight (reduction.frames_in_flight) x " + reduction.maxImagePixels()
                + " pixels (reduction.max_image_pixels) x " + BYTES_PER_PIXEL_IN_FLIGHT + " bytes + " + rest(config) + " MB for the rest"
                + (config.management().hawtio().enabled() ? " (Hawtio's console included)" : "") + " = " + requiredHeapMb(config) + " MB";
    }

    private static int rest(SkyrouteConfig config) {
        return REST_MB + (config.management().hawtio().enabled() ? HAWTIO_MB : 0);
    }
}
