package io.skyroute.photometry.fits;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each HDU of a FITS file sits: its header cards and the range of its data. Only the headers are read when
 * the file is scanned; an HDU's data are read when asked for ({@link #data}), one plane at a time, so a 4k x 4k frame
 * never holds its whole compressed file and all its decoded planes at once.
 */
public record FitsLayout(Path path, long size, List<Hdu> hdus) {

    private static final int MAX_HDUS = 64;
    /** A header longer than this (36,000 cards) is refused: no real one comes close, and a file without END would be read whole. */
    private static final int MAX_HEADER_BLOCKS = 1000;

    record Hdu(int index, HeaderCards header, long dataOffset, long dataSize) {

        String extensionName() {
            String name = header.string("EXTNAME");
            return name == null ? "" : name.toUpperCase(java.util.Locale.ROOT);
        }

        boolean compressedImage() {
            return header.flag("ZIMAGE");
        }

        /** NAXIS of the image this HDU holds (ZNAXIS for a compressed one), 0 for tables. */
        int imageAxes() {
            if (compressedImage()) {
                return header.integer("ZNAXIS", 0);
            }
            String xtension = header.string("XTENSION");
            return xtension != null && !xtension.equals("IMAGE") ? 0 : header.integer("NAXIS", 0);
        }
    }

    static FitsLayout scan(Path path) {
        String name = path.getFileName().toString();
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = file.size();
            if (size == 0) {
                throw new BadImage(name, "not a FITS file (empty)");
            }
            List<Hdu> hdus = new ArrayList<>();
            long offset = 0;
            while (hdus.size() < MAX_HDUS && offset < size) {
                byte[] header = headerBlocks(file, offset, name);
                FitsHeaderParser.Parsed parsed = FitsHeaderParser.parse(name, header, 0, hdus.isEmpty(), offset);
                long dataOffset = offset + parsed.dataOffset();
                long end = dataOffset + parsed.dataSize();
                if (end > size && dataOffset + minimalSize(parsed) > size) {
                    throw new BadImage(name, "truncated: HDU " + hdus.size() + " needs " + parsed.dataSize() + " bytes of data, the file has "
                            + Math.max(0, size - dataOffset));
                }
                hdus.add(new Hdu(hdus.size(), parsed.cards(), dataOffset, parsed.dataSize()));
                offset = end;
            }
            return new FitsLayout(path, size, hdus);
        } catch (IOException e) {
            throw new BadImage(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The header's blocks from {@code offset} up to the one holding END (or the file's end: the parser then says truncated). */
    private static byte[] headerBlocks(FileChannel file, long offset, String name) throws IOException {
        byte[] blocks = new byte[FitsHeaderParser.BLOCK];
        int length = 0;
        for (int block = 0; block < MAX_HEADER_BLOCKS; block++) {
            if (length + FitsHeaderParser.BLOCK > blocks.length) {
                blocks = Arrays.copyOf(blocks, blocks.length * 2);
            }
            int read = readFully(file, ByteBuffer.wrap(blocks, length, FitsHeaderParser.BLOCK), offset + length);
            int from = length;
            length += read;
            if (read < FitsHeaderParser.BLOCK || holdsEnd(blocks, from, length)) {
                return Arrays.copyOf(blocks, length);
            }
        }
        throw new BadImage(name, "a header at byte " + offset + " has no END within " + MAX_HEADER_BLOCKS * 36 + " cards");
    }

    private static boolean holdsEnd(byte[] bytes, int from, int to) {
        for (int card = from; card + 80 <= to; card += 80) {
            if (new String(bytes, card, 8, StandardCharsets.ISO_8859_1).equals("END     ")) {
                return true;
            }
        }
        return false;
    }

    private static int readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
        int total = 0;
        while (into.hasRemaining()) {
            int n = file.read(into, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** One HDU's data as stored (up to the file's end where a writer left off the last block's padding). */
    byte[] data(Hdu hdu) {
        long length = Math.min(hdu.dataSize(), size - hdu.dataOffset());
        if (length > Integer.MAX_VALUE - 8) {
            throw new BadImage(path.getFileName().toString(), "HDU " + hdu.index() + ": " + length + " bytes of data, more than one array holds");
        }
        byte[] bytes = new byte[(int) Math.max(0, length)];
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            if (readFully(file, ByteBuffer.wrap(bytes), hdu.dataOffset()) < bytes.length) {
                throw new BadImage(path.getFileName().toString(), "truncated: the file changed while it was read");
            }
        } catch (IOException e) {
            throw new BadImage(path.getFileName().toString(), "cannot read HDU " + hdu.index() + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    /** The data without the last block's padding, which some writers leave off. */
    private static long minimalSize(FitsHeaderParser.Parsed parsed) {
        return Math.max(0, parsed.dataSize() - FitsHeaderParser.BLOCK + 1);
    }

    Hdu named(String extensionName) {
        return hdus.stream().filter(h -> h.extensionName().equals(extensionName)).findFirst().orElse(null);
    }

    /** The science image: EXTNAME SCI, else the primary HDU when it holds an image, else the first image extension. */
    Hdu science() {
        Hdu sci = named("SCI");
        if (sci != null && sci.imageAxes() >= 2) {
            return sci;
        }
        return hdus.stream().filter(h -> h.imageAxes() >= 2).findFirst()
                .orElseThrow(() -> new BadImage(path.getFileName().toString(), "no image HDU (neither SCI nor a 2-D primary array)"));
    }
}
