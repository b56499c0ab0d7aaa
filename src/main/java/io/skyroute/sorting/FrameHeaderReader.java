package io.skyroute.sorting;

import nom.tam.fits.TruncatedFileException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.util.Cursor;
import nom.tam.util.FitsFile;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a frame's headers with nom-tam-fits without touching pixel data: every HDU's header is read
 * and its data skipped, which also proves the file is whole (a truncated file ends before its last
 * HDU's data). Works for plain FITS, tile-compressed {@code .fits.fz} (the science cards sit in the
 * compressed HDU's header) and raw multi-extension frames (the primary header carries them).
 */
public final class FrameHeaderReader {

    private static final int MAX_HDUS = 64;
    /** nom-tam-fits reports damaged files on java.util.logging as well as by exceptions; we report them ourselves. */
    private static final java.util.logging.Logger NOM_TAM_LOG = java.util.logging.Logger.getLogger("nom.tam");

    static {
        NOM_TAM_LOG.setLevel(java.util.logging.Level.OFF);
    }

    /** Reads the merged header; throws {@link UnreadableFrame} with a reason for anything that is not a whole FITS file. */
    public FrameHeader read(Path file) {
        try (FitsFile in = new FitsFile(file.toFile(), "r")) {
            Header primary = Header.readHeader(in);
            if (primary == null || !primary.containsKey("SIMPLE")) {
                throw new UnreadableFrame(file, "not a FITS file (no SIMPLE card at the start)");
            }
            Map<String, String> cards = new LinkedHashMap<>();
            copy(primary, cards);
            skipData(in, primary, file, 0);
            boolean scienceFound = false;
            for (int hdu = 1; hdu < MAX_HDUS && in.getFilePointer() < in.length(); hdu++) {
                Header extension = Header.readHeader(in);
                if (extension == null) {
                    break;
                }
                if (!scienceFound && isScience(extension)) {
                    copy(extension, cards);
                    scienceFound = true;
                }
                skipData(in, extension, file, hdu);
            }
            return new FrameHeader(cards);
        } catch (UnreadableFrame e) {
            throw e;
        } catch (EOFException | TruncatedFileException e) {
            throw new UnreadableFrame(file, "truncated: the file ends inside a header");
        } catch (IOException | RuntimeException e) {
            throw new UnreadableFrame(file, "not a readable FITS file: " + e.getMessage());
        }
    }

    /** The science HDU: EXTNAME SCI, or (when no extension is named so) the first image extension with an OBJECT card. */
    private static boolean isScience(Header header) {
        String extname = header.getStringValue("EXTNAME");
        if (extname != null) {
            return extname.trim().equalsIgnoreCase("SCI");
        }
        return header.containsKey("OBJECT") && (header.getBooleanValue("ZIMAGE") || "IMAGE".equals(header.getStringValue("XTENSION")));
    }

    private static void skipData(FitsFile in, Header header, Path file, int hdu) throws IOException {
        long size = header.getDataSize();
        if (in.getFilePointer() > in.length()) {
            throw new UnreadableFrame(file, "truncated: the file ends inside the header of HDU " + hdu);
        }
        if (in.getFilePointer() + size > in.length()) {
            throw new UnreadableFrame(file, "truncated: HDU " + hdu + " needs " + size + " bytes of data, the file has "
                    + (in.length() - in.getFilePointer()));
        }
        in.skipAllBytes(size);
    }

    private static void copy(Header header, Map<String, String> cards) {
        Cursor<String, HeaderCard> cursor = header.iterator();
        while (cursor.hasNext()) {
            HeaderCard card = cursor.next();
            if (card.isKeyValuePair() && card.getValue() != null) {
                cards.put(card.getKey().toUpperCase(Locale.ROOT), card.getValue());
            }
        }
    }

    /** A file that cannot be read as a FITS frame; the message names the file and the reason. */
    public static class UnreadableFrame extends RuntimeException {
        private final transient Path file;
        private final String reason;

        public UnreadableFrame(Path file, String reason) {
            super(file.getFileName() + ": " + reason);
            this.file = file;
            this.reason = reason;
        }

        public Path file() {
            return file;
        }

        public String reason() {
            return reason;
        }
    }
}
