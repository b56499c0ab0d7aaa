package io.skyroute.photometry;

import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.Cursor;
import nom.tam.util.FitsFile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Where each HDU of a FITS file sits: its header (parsed by nom-tam-fits) and the byte range of its data. */
record FitsLayout(Path path, long length, List<Hdu> hdus) {

    private static final int MAX_HDUS = 64;

    static {
        // nom-tam-fits also logs damaged files on java.util.logging; we report them ourselves.
        java.util.logging.Logger.getLogger("nom.tam").setLevel(java.util.logging.Level.OFF);
    }

    record Hdu(int index, Header header, long dataOffset, long dataSize) {

        String extensionName() {
            String name = header.getStringValue("EXTNAME");
            return name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        }

        boolean compressedImage() {
            return header.getBooleanValue("ZIMAGE", false);
        }

        /** NAXIS of the image this HDU holds (ZNAXIS for a compressed one). */
        int imageAxes() {
            return compressedImage() ? header.getIntValue("ZNAXIS", 0)
                    : header.containsKey("XTENSION") && !"IMAGE".equals(header.getStringValue("XTENSION").trim()) ? 0
                    : header.getIntValue("NAXIS", 0);
        }

        Map<String, String> cards() {
            Map<String, String> cards = new LinkedHashMap<>();
            Cursor<String, HeaderCard> cursor = header.iterator();
            while (cursor.hasNext()) {
                HeaderCard card = cursor.next();
                if (card.isKeyValuePair() && card.getValue() != null) {
                    cards.put(card.getKey().toUpperCase(Locale.ROOT), card.getValue());
                }
            }
            return cards;
        }
    }

    static FitsLayout scan(Path path) {
        String name = path.getFileName().toString();
        try (FitsFile in = new FitsFile(path.toFile(), "r")) {
            List<Hdu> hdus = new ArrayList<>();
            long length = in.length();
            while (hdus.size() < MAX_HDUS && in.getFilePointer() < length) {
                Header header = Header.readHeader(in);
                if (header == null) {
                    break;
                }
                if (hdus.isEmpty() && !header.containsKey("SIMPLE")) {
                    throw new BadImage(name, "not a FITS file (no SIMPLE card at the start)");
                }
                long offset = in.getFilePointer();
                long size = header.getDataSize();
                if (offset + size > length) {
                    throw new BadImage(name, "truncated: HDU " + hdus.size() + " needs " + size + " bytes of data, the file has "
                            + Math.max(0, length - offset));
                }
                hdus.add(new Hdu(hdus.size(), header, offset, size));
                in.skipAllBytes(size);
            }
            if (hdus.isEmpty()) {
                throw new BadImage(name, "not a FITS file (no header)");
            }
            return new FitsLayout(path, length, hdus);
        } catch (BadImage e) {
            throw e;
        } catch (EOFException e) {
            throw new BadImage(name, "truncated: the file ends inside a header");
        } catch (IOException | RuntimeException e) {
            throw new BadImage(name, "not a readable FITS file: " + e.getMessage(), e);
        }
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
