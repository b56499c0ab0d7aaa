package io.skyroute.sorting;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

import java.nio.file.Path;
import java.util.Map;

/** Writes small FITS files with chosen header cards, for the cases real frames do not cover. */
final class TestFits {

    private TestFits() {
    }

    static Path write(Path file, Map<String, String> cards) throws Exception {
        BasicHDU<?> hdu = Fits.makeHDU(new float[4][4]);
        Header header = hdu.getHeader();
        for (Map.Entry<String, String> card : cards.entrySet()) {
            header.addValue(card.getKey(), card.getValue(), null);
        }
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }
}
