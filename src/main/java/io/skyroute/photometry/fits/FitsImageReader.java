package io.skyroute.photometry.fits;

import nom.tam.fits.BasicHDU;
import nom.tam.image.compression.hdu.CompressedImageHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.ImageHDU;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a frame for photometry: the {@code SCI} extension or the primary image, plain or
 * tile-compressed, BITPIX 8/16/32/-32/-64 with BSCALE/BZERO/BLANK, plus {@code BPM} and {@code ERR}
 * when present. Headers and uncommon layouts go through nom-tam-fits; RICE-compressed images (every
 * LCO frame) through {@link TileCompressedImage}, which is what keeps a frame to a few milliseconds.
 */
public final class FitsImageReader {

    /** The largest image read unless the caller says otherwise: 100 million pixels (400 MB as floats; LCO frames are 2-16 Mpix). */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private final long maxPixels;

    public FitsImageReader() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** @param maxPixels images with more pixels are refused before anything is allocated */
    public FitsImageReader(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    static {
        // nom-tam-fits also logs damaged files on java.util.logging; we report them ourselves.
        java.util.logging.Logger.getLogger("nom.tam").setLevel(java.util.logging.Level.OFF);
    }

    /** Only the header cards of the image HDU (primary merged under it), without decoding pixels. */
    public HeaderCards readHeader(Path path) {
        FitsLayout layout = FitsLayout.scan(path);
        return merged(layout, layout.science());
    }

    private static HeaderCards merged(FitsLayout layout, FitsLayout.Hdu science) {
        Map<String, String> cards = new LinkedHashMap<>();
        if (science.index() != 0) {
            cards.putAll(layout.hdus().get(0).header().asMap());
        }
        cards.putAll(science.header().asMap());
        return new HeaderCards(layout.path().getFileName().toString(), cards);
    }

    public FitsImage read(Path path) {
        return read(path, true);
    }

    /** The science image and its mask only: what finding stars needs (the ERR plane, 4 bytes a pixel, is left undecoded). */
    public FitsImage readWithoutErrors(Path path) {
        return read(path, false);
    }

    private FitsImage read(Path path, boolean withErrors) {
        String name = path.getFileName().toString();
        FitsLayout layout = FitsLayout.scan(path);
        FitsLayout.Hdu science = layout.science();
        HeaderCards header = merged(layout, science);
        Plane pixels = plane(layout, science);
        FitsLayout.Hdu bpm = layout.named("BPM");
        byte[] bad = bpm == null ? null : mask(layout, bpm, pixels);
        FitsLayout.Hdu err = withErrors ? layout.named("ERR") : null;
        float[] errors = err == null ? null : sameShape(name, "ERR", plane(layout, err), pixels).values;
        return new FitsImage(name, pixels.width, pixels.height, pixels.values, bad, errors, header);
    }

    private record Plane(int width, int height, float[] values) {
    }

    private Plane plane(FitsLayout layout, FitsLayout.Hdu hdu) {
        String name = layout.path().getFileName().toString();
        HeaderCards header = hdu.header();
        checkDimensions(name, hdu);
        if (hdu.compressedImage() && TileCompressedImage.supports(header)) {
            byte[] data = layout.data(hdu);  // this plane's bytes only, garbage once decoded
            return new Plane(TileCompressedImage.width(header), TileCompressedImage.height(header),
                    TileCompressedImage.decode(name, header, data, 0, data.length));
        }
        return viaNomTam(layout.path(), hdu);
    }

    private static Plane viaNomTam(Path path, FitsLayout.Hdu hdu) {
        String name = path.getFileName().toString();
        try (Fits fits = new Fits(path.toFile())) {
            BasicHDU<?> read = fits.getHDU(hdu.index());
            ImageHDU image = read instanceof CompressedImageHDU compressed ? compressed.asImageHDU() : (ImageHDU) read;
            nom.tam.fits.Header header = image.getHeader();
            Object kernel = image.getKernel();
            if (!(kernel instanceof Object[] rows) || rows.length == 0 || !rows[0].getClass().isArray()) {
                throw new BadImage(name, "HDU " + hdu.index() + ": not a 2-D image");
            }
            int height = rows.length;
            int width = Array.getLength(rows[0]);
            double scale = header.getDoubleValue("BSCALE", 1.0);
            double zero = header.getDoubleValue("BZERO", 0.0);
            boolean integer = header.getIntValue("BITPIX") > 0;
            long blank = integer && header.containsKey("BLANK") ? header.getLongValue("BLANK") : Long.MIN_VALUE;
            float[] values = new float[width * height];
            for (int y = 0; y < height; y++) {
                Object row = rows[y];
                for (int x = 0; x < width; x++) {
                    values[y * width + x] = physical(row, x, scale, zero, blank, header.getIntValue("BITPIX") == 8);
                }
            }
            return new Plane(width, height, values);
        } catch (BadImage e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadImage(name, "HDU " + hdu.index() + ": cannot read the image: " + e.getMessage(), e);
        }
    }

    private static float physical(Object row, int x, double scale, double zero, long blank, boolean unsignedBytes) {
        if (row instanceof float[] f) {
            return (float) (f[x] * scale + zero);
        }
        if (row instanceof double[] d) {
            return (float) (d[x] * scale + zero);
        }
        long raw;
        if (row instanceof short[] s) {
            raw = s[x];
        } else if (row instanceof int[] i) {
            raw = i[x];
        } else if (row instanceof byte[] b) {
            raw = unsignedBytes ? b[x] & 0xff : b[x];
        } else if (row instanceof long[] l) {
            raw = l[x];
        } else {
            throw new IllegalArgumentException("unsupported pixel type " + row.getClass().getSimpleName());
        }
        return raw == blank ? Float.NaN : (float) (raw * scale + zero);
    }

    private byte[] mask(FitsLayout layout, FitsLayout.Hdu hdu, Plane science) {
        String name = layout.path().getFileName().toString();
        checkDimensions(name, hdu);
        if (hdu.compressedImage() && TileCompressedImage.supports(hdu.header())) {
            sameShape(name, "BPM", new Plane(TileCompressedImage.width(hdu.header()), TileCompressedImage.height(hdu.header()), null), science);
            byte[] data = layout.data(hdu);
            return TileCompressedImage.decodeMask(name, hdu.header(), data, 0, data.length);
        }
        Plane bpm = plane(layout, hdu);
        sameShape(name, "BPM", bpm, science);
        byte[] mask = new byte[bpm.values.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = bpm.values[i] != 0 ? (byte) 1 : 0;
        }
        return mask;
    }

    /**
     * The header's claim about the image checked before a pixel is allocated: two positive axes, at most
     * {@code maxPixels}; a tile-compressed image's tile table must match too (TileCompressedImage). A
     * crafted header would otherwise exhaust the heap or overflow an array size.
     */
    private void checkDimensions(String name, FitsLayout.Hdu hdu) {
        HeaderCards header = hdu.header();
        String prefix = hdu.compressedImage() ? "ZNAXIS" : "NAXIS";
        long width = header.longValue(prefix + "1", -1);
        long height = header.longValue(prefix + "2", -1);
        if (width <= 0 || height <= 0) {
            throw new BadImage(name, "HDU " + hdu.index() + ": " + prefix + "1 x " + prefix + "2 = " + width + " x " + height
                    + " is not an image");
        }
        if (width * height > maxPixels || width * height < 0) {
            throw new BadImage(name, "HDU " + hdu.index() + ": " + prefix + "1 x " + prefix + "2 = " + width + " x " + height
                    + " pixels, more than the limit of " + maxPixels + " (reduction.max_image_pixels)");
        }
        if (hdu.compressedImage()) {
            // one table row per tile, whichever decoder reads it (nom-tam-fits would allocate the claimed image first)
            long tileWidth = header.longValue("ZTILE1", width);
            long tileHeight = header.longValue("ZTILE2", 1);
            long rows = header.longValue("NAXIS2", -1);
            long tiles = tileWidth <= 0 || tileHeight <= 0 ? -1 : (width + tileWidth - 1) / tileWidth * ((height + tileHeight - 1) / tileHeight);
            if (rows != tiles) {
                throw new BadImage(name, "HDU " + hdu.index() + ": the tile table has " + rows + " rows (NAXIS2) but ZNAXIS1/2 = " + width
                        + " x " + height + " in tiles of " + tileWidth + " x " + tileHeight + " make " + tiles);
            }
        }
        // the bytes the header claims were checked against the file's size when it was scanned (FitsLayout)
    }

    private static Plane sameShape(String name, String extension, Plane plane, Plane science) {
        if (plane.width != science.width || plane.height != science.height) {
            throw new BadImage(name, extension + ": " + plane.width + "x" + plane.height + " does not match the science image "
                    + science.width + "x" + science.height);
        }
        return plane;
    }
}
