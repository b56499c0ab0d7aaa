package io.skyroute.photometry.fits;

import io.skyroute.photometry.concurrent.SpareCore;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Decompresses a RICE_1 tile-compressed image HDU (the {@code .fits.fz} convention) from the HDU's
 * data bytes, tile after tile; a large image's second half of tiles is handed to an idle core
 * ({@link SpareCore}: a frame landing alone decodes in half the time, while frames measured in parallel
 * already keep every core busy and decode theirs whole). The binary-table layout comes from the header
 * cards; anything this does not cover (other algorithms, uncompressed or GZIP fallback tiles,
 * lossless floats) is left to nom-tam-fits by {@link #supports}.
 */
public final class TileCompressedImage {

    private static final long ZERO_VALUE = -2147483646L;

    private final String file;
    private final HeaderCards header;
    private final int width;
    private final int height;
    private final int tileWidth;
    private final int tileHeight;
    private final int bitpix;
    private final int bytesPerPixel;
    private final int blockSize;
    private final Column compressed;
    private final Column scale;
    private final Column zero;
    private final Column blank;
    private final int rowLength;
    private final long heapOffset;
    private final String quantize;
    private final int ditherSeed;
    /** Where the HDU's data start in the file's bytes, and how many bytes they take. */
    private int base;
    private long size;
    private final boolean quantized;
    private final double keywordScale;
    private final double keywordZero;
    private final long keywordBlank;
    private final long integerBlank;
    private final double bscale;
    private final double bzero;

    private record Column(int offset, char type) {
    }

    private TileCompressedImage(String file, HeaderCards header) {
        this.file = file;
        this.header = header;
        this.width = required(header, "ZNAXIS1");
        this.height = required(header, "ZNAXIS2");
        this.tileWidth = header.integer("ZTILE1", width);
        this.tileHeight = header.integer("ZTILE2", 1);
        this.bitpix = required(header, "ZBITPIX");
        this.bytesPerPixel = parameter("BYTEPIX", 4);
        this.blockSize = parameter("BLOCKSIZE", 32);
        this.rowLength = required(header, "NAXIS1");
        this.heapOffset = header.longValue("THEAP", (long) rowLength * required(header, "NAXIS2"));
        this.compressed = column("COMPRESSED_DATA");
        this.scale = column("ZSCALE");
        this.zero = column("ZZERO");
        this.blank = column("ZBLANK");
        String q = header.string("ZQUANTIZ");
        this.quantize = q == null ? "NO_DITHER" : q.trim().toUpperCase(Locale.ROOT);
        this.ditherSeed = header.integer("ZDITHER0", 1);
        // header lookups are slow in nom-tam-fits; read every keyword once, not once per tile
        this.quantized = bitpix < 0 && (scale != null || header.has("ZSCALE"));
        this.keywordScale = header.number("ZSCALE", 1.0);
        this.keywordZero = header.number("ZZERO", 0.0);
        this.keywordBlank = header.has("ZBLANK") ? header.longValue("ZBLANK", 0) : Long.MIN_VALUE;
        this.integerBlank = header.has("BLANK") ? header.longValue("BLANK", 0) : keywordBlank;
        this.bscale = header.number("BSCALE", 1.0);
        this.bzero = header.number("BZERO", 0.0);
        checkTileTable(header);
    }

    /** One table row per tile, rows long enough for the columns: what a crafted header could claim otherwise. */
    private void checkTileTable(HeaderCards header) {
        if (width <= 0 || height <= 0 || tileWidth <= 0 || tileHeight <= 0) {
            throw new BadImage(file, "ZNAXIS1/2 = " + width + " x " + height + ", ZTILE1/2 = " + tileWidth + " x " + tileHeight
                    + ": not a valid tiling");
        }
        long tiles = ((long) width + tileWidth - 1) / tileWidth * (((long) height + tileHeight - 1) / tileHeight);
        long rows = header.longValue("NAXIS2", -1);
        if (rows != tiles) {
            throw new BadImage(file, "the tile table has " + rows + " rows (NAXIS2) but ZNAXIS1/2 = " + width + " x " + height
                    + " in tiles of " + tileWidth + " x " + tileHeight + " make " + tiles);
        }
        if (rowLength <= 0 || compressed == null) {
            throw new BadImage(file, "the tile table has no COMPRESSED_DATA column or empty rows (NAXIS1 = " + rowLength + ")");
        }
    }

    private TileCompressedImage at(byte[] data, long offset, long size) {
        if (offset + size > data.length) {
            throw new BadImage(file, "truncated: the compressed image needs " + size + " bytes, the file has " + (data.length - offset));
        }
        this.base = (int) offset;
        this.size = size;
        return this;
    }

    private static int required(HeaderCards header, String key) {
        int value = header.integer(key, Integer.MIN_VALUE);
        if (value == Integer.MIN_VALUE) {
            throw new BadImage(header.file(), key + ": missing from the compressed image header");
        }
        return value;
    }

    /** Whether this decoder handles the HDU; otherwise the caller uses nom-tam-fits. */
    static boolean supports(HeaderCards header) {
        String algorithm = header.string("ZCMPTYPE");
        if (algorithm == null || !(algorithm.trim().equals("RICE_1") || algorithm.trim().equals("RICE_ONE"))) {
            return false;
        }
        if (header.integer("ZNAXIS", 0) != 2 || header.integer("TFIELDS", 0) > 4) {
            return false;
        }
        for (int i = 1; i <= header.integer("TFIELDS", 0); i++) {
            String type = header.string("TTYPE" + i);
            if (type == null || !(type.trim().equals("COMPRESSED_DATA") || type.trim().equals("ZSCALE")
                    || type.trim().equals("ZZERO") || type.trim().equals("ZBLANK"))) {
                return false;
            }
        }
        int bitpix = header.integer("ZBITPIX", 0);
        String quantize = header.string("ZQUANTIZ");
        boolean floating = bitpix < 0;
        return !(floating && quantize != null && quantize.trim().equalsIgnoreCase("NONE"));
    }

    static int width(HeaderCards header) {
        return required(header, "ZNAXIS1");
    }

    static int height(HeaderCards header) {
        return required(header, "ZNAXIS2");
    }

    /** Decodes into physical values (quantization undone; BSCALE/BZERO applied to integer images, BLANK as NaN). */
    static float[] decode(String file, HeaderCards header, byte[] data, long offset, long size) {
        TileCompressedImage image = new TileCompressedImage(file, header).at(data, offset, size);
        float[] pixels = new float[image.width * image.height];
        image.forEachTile(data, (row, tile, x0, y0, w, h, raw, anyBits, values) -> {
            if (w == image.width) {
                // tiles of whole rows (the usual layout) are contiguous in the image: no copy
                image.toPhysical(row, tile, raw, w * h, pixels, y0 * image.width);
                return;
            }
            image.toPhysical(row, tile, raw, w * h, values, 0);
            for (int j = 0; j < h; j++) {
                System.arraycopy(values, j * w, pixels, (y0 + j) * image.width + x0, w);
            }
        });
        return pixels;
    }

    /** Decodes a mask: 1 where the physical value is not 0 (NaN included), else 0 — without a float plane in between. */
    static byte[] decodeMask(String file, HeaderCards header, byte[] data, long offset, long size) {
        TileCompressedImage image = new TileCompressedImage(file, header).at(data, offset, size);
        byte[] mask = new byte[image.width * image.height];
        boolean raw = !image.quantized && image.bscale == 1.0 && image.bzero == 0.0 && image.blank == null
                && image.integerBlank == Long.MIN_VALUE;
        image.forEachTile(data, (row, tile, x0, y0, w, h, values, anyBits, physical) -> {
            if (raw && anyBits == 0) {
                return; // an all-zero tile flags nothing
            }
            if (!raw) {
                image.toPhysical(row, tile, values, w * h, physical, 0);
            }
            // the array starts zeroed and most of a mask is 0: write only the flagged pixels
            for (int j = 0; j < h; j++) {
                int to = (y0 + j) * image.width + x0;
                for (int i = 0; i < w; i++) {
                    if (raw ? values[j * w + i] != 0 : physical[j * w + i] != 0.0f) {
                        mask[to + i] = 1;
                    }
                }
            }
        });
        return mask;
    }

    /**
     * Receives one decoded tile: raw (sign-extended) values, the bitwise OR of the values as stored
     * (0 when all are 0), and a scratch array for physical ones.
     */
    private interface TileSink {
        void accept(ByteBuffer table, int tile, int x0, int y0, int w, int h, int[] raw, int anyBits, float[] scratch);
    }

    private void forEachTile(byte[] data, TileSink sink) {
        int tilesAcross = (width + tileWidth - 1) / tileWidth;
        int tilesDown = (height + tileHeight - 1) / tileHeight;
        int tiles = tilesAcross * tilesDown;
        if ((long) rowLength * tiles > size) {
            throw new BadImage(file, "compressed image table holds fewer than its " + tiles + " tiles");
        }
        // each tile writes only its own pixels: a large image's second half of tiles goes to an idle core
        SpareCore.inHalves(tiles, (long) width * height >= SPLIT_FROM_PIXELS, (from, to) -> tiles(data, sink, from, to, tilesAcross));
    }

    /** Below this many pixels an image is decoded in one piece. */
    private static final long SPLIT_FROM_PIXELS = 250_000;

    private void tiles(byte[] data, TileSink sink, int from, int to, int tilesAcross) {
        ByteBuffer table = ByteBuffer.wrap(data);
        int[] raw = new int[tileWidth * tileHeight];
        float[] scratch = new float[tileWidth * tileHeight];
        for (int tile = from; tile < to; tile++) {
            int x0 = (tile % tilesAcross) * tileWidth;
            int y0 = (tile / tilesAcross) * tileHeight;
            int w = Math.min(tileWidth, width - x0);
            int h = Math.min(tileHeight, height - y0);
            int anyBits = decodeTile(data, table, tile, raw, w * h);
            sink.accept(table, tile, x0, y0, w, h, raw, anyBits, scratch);
        }
    }

    private int decodeTile(byte[] data, ByteBuffer row, int tile, int[] raw, int count) {
        long length = compressed.type == 'P' ? row.getInt(base + tile * rowLength + compressed.offset) & 0xffffffffL
                : row.getLong(base + tile * rowLength + compressed.offset);
        long start = base + heapOffset + (compressed.type == 'P' ? row.getInt(base + tile * rowLength + compressed.offset + 4) & 0xffffffffL
                : row.getLong(base + tile * rowLength + compressed.offset + 8));
        if (start + length > base + size || length == 0) {
            throw new BadImage(file, "tile " + (tile + 1) + ": compressed data outside the heap or missing");
        }
        int anyBits;
        try {
            anyBits = RiceDecoder.decode(data, (int) start, (int) length, bytesPerPixel, blockSize, raw, 0, count);
        } catch (IllegalArgumentException e) {
            throw new BadImage(file, "tile " + (tile + 1) + ": " + e.getMessage());
        }
        signExtend(raw, count);
        return anyBits;
    }

    private void signExtend(int[] raw, int count) {
        if (bytesPerPixel == 2) {
            for (int i = 0; i < count; i++) {
                raw[i] = (short) raw[i];
            }
        } else if (bytesPerPixel == 1 && bitpix != 8) {
            for (int i = 0; i < count; i++) {
                raw[i] = (byte) raw[i];
            }
        }
    }

    private void toPhysical(ByteBuffer row, int tile, int[] raw, int count, float[] out, int outFrom) {
        double tileScale = scale == null ? keywordScale : value(row, tile, scale, "ZSCALE");
        double tileZero = zero == null ? keywordZero : value(row, tile, zero, "ZZERO");
        long blankValue = blank != null ? (long) value(row, tile, blank, "ZBLANK") : keywordBlank;
        if (quantized && quantize.startsWith("SUBTRACTIVE_DITHER")) {
            long zeroValue = quantize.equals("SUBTRACTIVE_DITHER_2") ? ZERO_VALUE : Long.MIN_VALUE;
            DitherSequence.unquantize(raw, 0, count, tile, ditherSeed, tileScale, tileZero, zeroValue, blankValue, out, outFrom);
            return;
        }
        double a = quantized ? tileScale : bscale;
        double b = quantized ? tileZero : bzero;
        long nullValue = quantized ? blankValue : blank != null ? blankValue : integerBlank;
        for (int i = 0; i < count; i++) {
            out[outFrom + i] = raw[i] == nullValue ? Float.NaN : (float) (raw[i] * a + b);
        }
    }

    private double value(ByteBuffer row, int tile, Column column, String key) {
        int at = base + tile * rowLength + column.offset;
        return switch (column.type) {
            case 'D' -> row.getDouble(at);
            case 'E' -> row.getFloat(at);
            case 'J' -> row.getInt(at);
            case 'K' -> row.getLong(at);
            case 'I' -> row.getShort(at);
            default -> throw new BadImage(file, key + ": unsupported column type " + column.type);
        };
    }

    private int parameter(String name, int fallback) {
        for (int i = 1; header.has("ZNAME" + i); i++) {
            String zname = header.string("ZNAME" + i);
            if (zname != null && name.equalsIgnoreCase(zname.trim())) {
                return required(header, "ZVAL" + i);
            }
        }
        return fallback;
    }

    /** Finds a column's byte offset in a row from the TFORMn cards. */
    private Column column(String name) {
        int offset = 0;
        int fields = header.integer("TFIELDS", 0);
        if (fields < 0 || fields > 999) {
            throw new BadImage(file, "TFIELDS = " + fields + " (a table has 0 to 999 columns)");
        }
        for (int i = 1; i <= fields; i++) {
            String tform = header.string("TFORM" + i);
            if (tform == null) {
                throw new BadImage(file, "TFORM" + i + " is missing (TFIELDS = " + fields + ")");
            }
            String form = tform.trim().toUpperCase(Locale.ROOT);
            int letter = 0;
            while (letter < form.length() && Character.isDigit(form.charAt(letter))) {
                letter++;
            }
            if (letter == form.length() || letter > 9) {
                throw new BadImage(file, "TFORM" + i + " = '" + tform + "' is not a column format");
            }
            int repeat = letter == 0 ? 1 : Integer.parseInt(form.substring(0, letter));
            char type = form.charAt(letter);
            String ttype = header.string("TTYPE" + i);
            if (ttype != null && name.equals(ttype.trim())) {
                if (name.equals("COMPRESSED_DATA") && type != 'P' && type != 'Q') {
                    throw new BadImage(file, "TFORM" + i + ": COMPRESSED_DATA is not a variable-length column (" + form + ")");
                }
                return new Column(offset, type);
            }
            offset += type == 'X' ? (repeat + 7) / 8 : repeat * switch (type) {
                case 'L', 'B', 'A' -> 1;
                case 'I' -> 2;
                case 'J', 'E' -> 4;
                case 'K', 'D', 'C', 'P' -> 8;
                case 'M', 'Q' -> 16;
                default -> throw new BadImage(file, "TFORM" + i + ": unknown column type " + form);
            };
        }
        if (name.equals("COMPRESSED_DATA")) {
            throw new BadImage(file, "compressed image without a COMPRESSED_DATA column");
        }
        return null;
    }
}
