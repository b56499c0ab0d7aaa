package io.skyroute.photometry;

import nom.tam.fits.Header;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Decompresses a RICE_1 tile-compressed image HDU (the {@code .fits.fz} convention) from the HDU's
 * data bytes, tiles in parallel. The binary-table layout comes from the header nom-tam-fits parsed;
 * anything this does not cover (other algorithms, uncompressed or GZIP fallback tiles, lossless
 * floats) is left to nom-tam-fits by {@link #supports}.
 */
final class TileCompressedImage {

    private static final long ZERO_VALUE = -2147483646L;
    private static final int TILES_PER_TASK = 64;

    private final String file;
    private final Header header;
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
    private final boolean quantized;
    private final double keywordScale;
    private final double keywordZero;
    private final long keywordBlank;
    private final long integerBlank;
    private final double bscale;
    private final double bzero;

    private record Column(int offset, char type) {
    }

    private TileCompressedImage(String file, Header header) {
        this.file = file;
        this.header = header;
        this.width = header.getIntValue("ZNAXIS1");
        this.height = header.getIntValue("ZNAXIS2");
        this.tileWidth = header.getIntValue("ZTILE1", width);
        this.tileHeight = header.getIntValue("ZTILE2", 1);
        this.bitpix = header.getIntValue("ZBITPIX");
        this.bytesPerPixel = parameter("BYTEPIX", 4);
        this.blockSize = parameter("BLOCKSIZE", 32);
        this.rowLength = header.getIntValue("NAXIS1");
        this.heapOffset = header.getLongValue("THEAP", (long) rowLength * header.getIntValue("NAXIS2"));
        this.compressed = column("COMPRESSED_DATA");
        this.scale = column("ZSCALE");
        this.zero = column("ZZERO");
        this.blank = column("ZBLANK");
        String q = header.getStringValue("ZQUANTIZ");
        this.quantize = q == null ? "NO_DITHER" : q.trim().toUpperCase(Locale.ROOT);
        this.ditherSeed = header.getIntValue("ZDITHER0", 1);
        // header lookups are slow in nom-tam-fits; read every keyword once, not once per tile
        this.quantized = bitpix < 0 && (scale != null || header.containsKey("ZSCALE"));
        this.keywordScale = header.getDoubleValue("ZSCALE", 1.0);
        this.keywordZero = header.getDoubleValue("ZZERO", 0.0);
        this.keywordBlank = header.containsKey("ZBLANK") ? header.getLongValue("ZBLANK") : Long.MIN_VALUE;
        this.integerBlank = header.containsKey("BLANK") ? header.getLongValue("BLANK") : keywordBlank;
        this.bscale = header.getDoubleValue("BSCALE", 1.0);
        this.bzero = header.getDoubleValue("BZERO", 0.0);
    }

    /** Whether this decoder handles the HDU; otherwise the caller uses nom-tam-fits. */
    static boolean supports(Header header) {
        String algorithm = header.getStringValue("ZCMPTYPE");
        if (algorithm == null || !(algorithm.trim().equals("RICE_1") || algorithm.trim().equals("RICE_ONE"))) {
            return false;
        }
        if (header.getIntValue("ZNAXIS", 0) != 2 || header.getIntValue("TFIELDS", 0) > 4) {
            return false;
        }
        for (int i = 1; i <= header.getIntValue("TFIELDS", 0); i++) {
            String type = header.getStringValue("TTYPE" + i);
            if (type == null || !(type.trim().equals("COMPRESSED_DATA") || type.trim().equals("ZSCALE")
                    || type.trim().equals("ZZERO") || type.trim().equals("ZBLANK"))) {
                return false;
            }
        }
        int bitpix = header.getIntValue("ZBITPIX", 0);
        String quantize = header.getStringValue("ZQUANTIZ");
        boolean floating = bitpix < 0;
        return !(floating && quantize != null && quantize.trim().equalsIgnoreCase("NONE"));
    }

    static int width(Header header) {
        return header.getIntValue("ZNAXIS1");
    }

    static int height(Header header) {
        return header.getIntValue("ZNAXIS2");
    }

    /** Decodes into physical values (quantization undone; BSCALE/BZERO applied to integer images, BLANK as NaN). */
    static float[] decode(String file, Header header, byte[] data) {
        return new TileCompressedImage(file, header).decode(data);
    }

    private float[] decode(byte[] data) {
        int tilesAcross = (width + tileWidth - 1) / tileWidth;
        int tilesDown = (height + tileHeight - 1) / tileHeight;
        int tiles = tilesAcross * tilesDown;
        if ((long) rowLength * tiles > data.length) {
            throw new BadImage(file, "compressed image table holds fewer than its " + tiles + " tiles");
        }
        float[] pixels = new float[width * height];
        ByteBuffer table = ByteBuffer.wrap(data);
        int tasks = (tiles + TILES_PER_TASK - 1) / TILES_PER_TASK;
        IntStream.range(0, tasks).parallel().forEach(task -> {
            int[] scratch = new int[tileWidth * tileHeight];
            float[] values = new float[tileWidth * tileHeight];
            int last = Math.min(tiles, (task + 1) * TILES_PER_TASK);
            for (int tile = task * TILES_PER_TASK; tile < last; tile++) {
                decodeTile(data, table, tile, tilesAcross, scratch, values, pixels);
            }
        });
        return pixels;
    }

    private void decodeTile(byte[] data, ByteBuffer row, int tile, int tilesAcross, int[] scratch, float[] values, float[] pixels) {
        int x0 = (tile % tilesAcross) * tileWidth;
        int y0 = (tile / tilesAcross) * tileHeight;
        int w = Math.min(tileWidth, width - x0);
        int h = Math.min(tileHeight, height - y0);
        int count = w * h;
        long length = compressed.type == 'P' ? row.getInt(tile * rowLength + compressed.offset) & 0xffffffffL
                : row.getLong(tile * rowLength + compressed.offset);
        long start = heapOffset + (compressed.type == 'P' ? row.getInt(tile * rowLength + compressed.offset + 4) & 0xffffffffL
                : row.getLong(tile * rowLength + compressed.offset + 8));
        if (start + length > data.length || length == 0) {
            throw new BadImage(file, "tile " + (tile + 1) + ": compressed data outside the heap or missing");
        }
        try {
            RiceDecoder.decode(data, (int) start, (int) length, bytesPerPixel, blockSize, scratch, 0, count);
        } catch (IllegalArgumentException e) {
            throw new BadImage(file, "tile " + (tile + 1) + ": " + e.getMessage());
        }
        signExtend(scratch, count);
        toPhysical(row, tile, scratch, count, values);
        for (int j = 0; j < h; j++) {
            System.arraycopy(values, j * w, pixels, (y0 + j) * width + x0, w);
        }
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

    private void toPhysical(ByteBuffer row, int tile, int[] raw, int count, float[] out) {
        double tileScale = scale == null ? keywordScale : value(row, tile, scale, "ZSCALE");
        double tileZero = zero == null ? keywordZero : value(row, tile, zero, "ZZERO");
        long blankValue = blank != null ? (long) value(row, tile, blank, "ZBLANK") : keywordBlank;
        if (quantized && quantize.startsWith("SUBTRACTIVE_DITHER")) {
            long zeroValue = quantize.equals("SUBTRACTIVE_DITHER_2") ? ZERO_VALUE : Long.MIN_VALUE;
            DitherSequence.unquantize(raw, 0, count, tile, ditherSeed, tileScale, tileZero, zeroValue, blankValue, out, 0);
            return;
        }
        double a = quantized ? tileScale : bscale;
        double b = quantized ? tileZero : bzero;
        long nullValue = quantized ? blankValue : blank != null ? blankValue : integerBlank;
        for (int i = 0; i < count; i++) {
            out[i] = raw[i] == nullValue ? Float.NaN : (float) (raw[i] * a + b);
        }
    }

    private double value(ByteBuffer row, int tile, Column column, String key) {
        int at = tile * rowLength + column.offset;
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
        for (int i = 1; header.containsKey("ZNAME" + i); i++) {
            if (name.equalsIgnoreCase(header.getStringValue("ZNAME" + i).trim())) {
                return header.getIntValue("ZVAL" + i);
            }
        }
        return fallback;
    }

    /** Finds a column's byte offset in a row from the TFORMn cards. */
    private Column column(String name) {
        int offset = 0;
        for (int i = 1; i <= header.getIntValue("TFIELDS", 0); i++) {
            String form = header.getStringValue("TFORM" + i).trim().toUpperCase(Locale.ROOT);
            int letter = 0;
            while (letter < form.length() && Character.isDigit(form.charAt(letter))) {
                letter++;
            }
            int repeat = letter == 0 ? 1 : Integer.parseInt(form.substring(0, letter));
            char type = form.charAt(letter);
            if (name.equals(header.getStringValue("TTYPE" + i).trim())) {
                if (name.equals("COMPRESSED_DATA") && type != 'P' && type != 'Q') {
                    throw new BadImage(file, "TFORM" + i + ": COMPRESSED_DATA is not a variable-length column (" + form + ")");
                }
                return new Column(offset, type);
            }
            offset += repeat * switch (type) {
                case 'L', 'B', 'A' -> 1;
                case 'I' -> 2;
                case 'J', 'E' -> 4;
                case 'K', 'D', 'C', 'P' -> 8;
                case 'M', 'Q' -> 16;
                case 'X' -> 0;
                default -> throw new BadImage(file, "TFORM" + i + ": unknown column type " + form);
            };
        }
        if (name.equals("COMPRESSED_DATA")) {
            throw new BadImage(file, "compressed image without a COMPRESSED_DATA column");
        }
        return null;
    }
}
