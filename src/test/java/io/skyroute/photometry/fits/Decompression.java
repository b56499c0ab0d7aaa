package io.skyroute.photometry.fits;

import java.nio.file.Path;

/**
 * The floor a reduction is measured against: a frame's headers read and every tile-compressed image HDU in it read and
 * (SCI, BPM, ERR for an LCO frame) decoded to its pixel values, as funpack does, with nothing else done.
 */
public final class Decompression {

    private Decompression() {
    }

    /** The number of pixels decoded (returned so that the work cannot be optimised away). */
    public static long decompress(Path frame) {
        FitsLayout layout = FitsLayout.scan(frame);
        String name = frame.getFileName().toString();
        long pixels = 0;
        for (FitsLayout.Hdu hdu : layout.hdus()) {
            if (hdu.compressedImage() && TileCompressedImage.supports(hdu.header())) {
                byte[] data = layout.data(hdu);
                pixels += TileCompressedImage.decode(name, hdu.header(), data, 0, data.length).length;
            }
        }
        return pixels;
    }
}
