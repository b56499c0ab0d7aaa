package io.skyroute.config;

/**
 * The daemon's limits for reductions: {@code max_image_pixels}, the largest image a frame may hold (a
 * header claiming more is refused before anything is allocated; 100 million by default, 400 MB as floats).
 */
public record ReductionSettings(@Range(min = 10_000, max = 2_000_000_000) Long maxImagePixels) {

    public static final long DEFAULT_MAX_IMAGE_PIXELS = 100_000_000L;

    public ReductionSettings {
        maxImagePixels = maxImagePixels == null ? DEFAULT_MAX_IMAGE_PIXELS : maxImagePixels;
    }
}
