package io.skyroute.photometry.fits;

/**
 * One frame's science pixels in physical units (row-major, {@code pixels[y * width + x]}, 0-based
 * like astropy), the optional bad-pixel mask ({@code BPM}, non-zero = bad) and error plane
 * ({@code ERR}), and the header cards.
 */
public record FitsImage(String file, int width, int height, float[] pixels, byte[] badPixels, float[] errors,
                        HeaderCards header) {

    public float value(int x, int y) {
        return pixels[y * width + x];
    }

    public boolean bad(int index) {
        return (badPixels != null && badPixels[index] != 0) || Float.isNaN(pixels[index]);
    }

    public boolean hasErrors() {
        return errors != null;
    }

    public Observation observation() {
        return Observation.of(header);
    }
}
