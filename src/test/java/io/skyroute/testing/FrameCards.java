package io.skyroute.testing;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.util.FitsFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** A copy of a real frame with some header cards changed (in the header of the HDU that has OBJECT), the data untouched. */
public final class FrameCards {

    private FrameCards() {
    }

    public static Path copyWith(Path frame, Path copy, Map<String, String> cards) throws Exception {
        Files.copy(frame, copy, StandardCopyOption.REPLACE_EXISTING);
        try (Fits fits = new Fits(new FitsFile(copy.toFile(), "rw"))) {
            for (BasicHDU<?> hdu : fits.read()) {
                Header header = hdu.getHeader();
                if (header.containsKey("OBJECT")) {
                    cards.forEach((key, value) -> header.addValue(key, value, header.findCard(key) == null ? null : header.findCard(key).getComment()));
                    header.rewrite();
                    return copy;
                }
            }
        }
        throw new IllegalArgumentException(frame + ": no HDU with OBJECT");
    }
}
