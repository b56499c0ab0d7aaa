package io.skyroute.photometry;

import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The LCO pipeline's own source catalogue (the CAT extension), an independent reference for our measurements. */
public final class PipelineCatalogue {

    public record Source(double x, double y, double xWin, double yWin, double fluxAper6, double background, double fwhm, int flag,
                  double ra, double dec) {
    }

    private PipelineCatalogue() {
    }

    public static List<Source> read(Path frame) throws Exception {
        try (Fits fits = new Fits(frame.toFile())) {
            BinaryTableHDU cat = (BinaryTableHDU) fits.getHDU("CAT");
            List<Source> sources = new ArrayList<>();
            for (int row = 0; row < cat.getData().getNRows(); row++) {
                sources.add(new Source(number(cat, row, "X"), number(cat, row, "Y"), number(cat, row, "XWIN"), number(cat, row, "YWIN"),
                        number(cat, row, "FLUXAPER6"), number(cat, row, "BACKGROUND"), number(cat, row, "FWHM"),
                        (int) number(cat, row, "FLAG"), number(cat, row, "RA"), number(cat, row, "DEC")));
            }
            return sources;
        }
    }

    private static double number(BinaryTableHDU table, int row, String column) {
        return ((Number) table.getData().get(row, table.findColumn(column))).doubleValue();
    }
}
