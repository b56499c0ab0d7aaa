package io.skyroute.sources.mast;

import nom.tam.fits.Header;
import nom.tam.util.FitsFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a file is whole FITS where no checksum is served (MAST): it starts with SIMPLE, and every
 * HDU's header parses and its data, as the header sizes it, fits in the file — so a truncated body is caught.
 */
public final class FitsStructure {

    private static final int BLOCK = 2880;

    private FitsStructure() {
    }

    /** The number of HDUs; an {@link IOException} says what is wrong. */
    public static int check(Path file) throws IOException {
        byte[] start = new byte[9];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(start, 0, 9) < 9 || !new String(start, StandardCharsets.US_ASCII).equals("SIMPLE  =")) {
                throw new IOException("not a FITS file (it does not start with SIMPLE)");
            }
        }
        java.util.logging.Logger.getLogger("nom.tam").setLevel(java.util.logging.Level.OFF);
        try (FitsFile in = new FitsFile(file.toFile(), "r")) {
            long length = in.length();
            long offset = 0;
            int hdus = 0;
            while (offset < length) {
                in.seek(offset);
                Header header;
                try {
                    header = Header.readHeader(in);
                } catch (RuntimeException | IOException e) {
                    if (hdus > 0 && isPadding(file, offset)) {
                        break;   // zero-filled blocks after the last HDU
                    }
                    throw new IOException("truncated or damaged: HDU " + hdus + " header unreadable (" + e.getMessage() + ")", e);
                }
                long dataStart = (in.getFilePointer() + BLOCK - 1) / BLOCK * BLOCK;
                long dataEnd = dataStart + header.getDataSize();
                if (dataEnd > length) {
                    throw new IOException("truncated: HDU " + hdus + " needs " + (dataEnd - dataStart) + " bytes of data, the file has "
                            + Math.max(0, length - dataStart));
                }
                hdus++;
                offset = dataEnd;
            }
            return hdus;
        } catch (nom.tam.fits.FitsException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static boolean isPadding(Path file, long offset) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            java.nio.ByteBuffer rest = java.nio.ByteBuffer.allocate((int) Math.min(BLOCK, channel.size() - offset));
            channel.read(rest, offset);
            for (byte b : rest.array()) {
                if (b != 0 && b != ' ') {
                    return false;
                }
            }
            return true;
        }
    }
}
