package io.skyroute.photometry.fits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A FITS file's bytes and where each HDU sits in them: its header cards and the range of its data. */
public record FitsLayout(Path path, byte[] bytes, List<Hdu> hdus) {

    private static final int MAX_HDUS = 64;

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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new BadImage(name, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new BadImage(name, "not a FITS file (empty)");
        }
        List<Hdu> hdus = new ArrayList<>();
        long offset = 0;
        while (hdus.size() < MAX_HDUS && offset < bytes.length) {
            FitsHeaderParser.Parsed parsed = FitsHeaderParser.parse(name, bytes, offset, hdus.isEmpty());
            long end = parsed.dataOffset() + parsed.dataSize();
            if (end > bytes.length && parsed.dataOffset() + minimalSize(parsed) > bytes.length) {
                throw new BadImage(name, "truncated: HDU " + hdus.size() + " needs " + parsed.dataSize() + " bytes of data, the file has "
                        + Math.max(0, bytes.length - parsed.dataOffset()));
            }
            hdus.add(new Hdu(hdus.size(), parsed.cards(), parsed.dataOffset(), parsed.dataSize()));
            offset = end;
        }
        return new FitsLayout(path, bytes, hdus);
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
