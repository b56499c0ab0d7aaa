package io.skyroute.photometry;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The real LCO frames (and their reference numbers) committed under src/test/resources. */
public final class RealFrames {

    public static final String OGG_RP = "ogg0m404-kb82-20170815-1160-e91.fits.fz";
    public static final List<String> ALL = List.of("coj0m403-kb98-20170816-0392-e91.fits.fz", "coj0m405-kb97-20170817-0388-e91.fits.fz",
            OGG_RP, "ogg0m404-kb82-20170816-0336-e91.fits.fz");

    private RealFrames() {
    }

    public static Path frame(String name) {
        return resource("/frames/" + name);
    }

    public static Path reference(String name) {
        return resource("/photometry/" + name);
    }

    private static Path resource(String name) {
        try {
            return Path.of(RealFrames.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }
}
