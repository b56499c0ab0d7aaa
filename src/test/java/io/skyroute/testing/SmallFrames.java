package io.skyroute.testing;

import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small valid FITS frames (a 4x4 image with the cards sorting reads), dropped as a user would: a dot-name, then a rename. */
public final class SmallFrames {

    private SmallFrames() {
    }

    public static Path write(Path file, String object, int serial) throws Exception {
        BasicHDU<?> hdu = Fits.makeHDU(new float[4][4]);
        Header header = hdu.getHeader();
        header.addValue("OBJECT", object, null);
        header.addValue("INSTRUME", "kb82", null);
        header.addValue("FILTER", "rp", null);
        header.addValue("OBSTYPE", "EXPOSE", null);
        header.addValue("RA", "05:23:31.0", null);
        header.addValue("DEC", "-01:04:24", null);
        header.addValue("SERIAL", serial, null);
        try (Fits fits = new Fits()) {
            fits.addHDU(hdu);
            fits.write(file.toFile());
        }
        return file;
    }

    /** Writes the frame under a hidden name in the folder, then renames it, so the daemon never sees half a file. */
    public static Path drop(Path folder, String name, String object, int serial) throws Exception {
        Path hidden = write(folder.resolve("." + name + ".part"), object, serial);
        return Files.move(hidden, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
