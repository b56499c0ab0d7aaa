package io.skyroute.sorting;

import java.util.Locale;
import java.util.Optional;

/** The LCO instrument families, from the instrument code in {@code INSTRUME}. */
public enum InstrumentClass {
    SINISTRO("sinistro", false),
    MUSCAT("muscat", false),
    QHY("qhy", false),
    SBIG("sbig", false),
    FLOYDS("floyds", true),
    GOODMAN("goodman", true);

    private final String directoryName;
    private final boolean spectrograph;

    InstrumentClass(String directoryName, boolean spectrograph) {
        this.directoryName = directoryName;
        this.spectrograph = spectrograph;
    }

    public String directoryName() {
        return directoryName;
    }

    public boolean isSpectrograph() {
        return spectrograph;
    }

    /** {@code fa..}/{@code fl..} Sinistro, {@code ep..} MuSCAT, {@code sq..} QHY, {@code kb..} SBIG, {@code en..} FLOYDS, {@code GHTS_*} Goodman. */
    public static Optional<InstrumentClass> of(String instrumentCode) {
        if (instrumentCode == null) {
            return Optional.empty();
        }
        String code = instrumentCode.trim().toLowerCase(Locale.ROOT);
        if (code.startsWith("ghts_")) {
            return Optional.of(GOODMAN);
        }
        if (code.length() < 3) {
            return Optional.empty();
        }
        return switch (code.substring(0, 2)) {
            case "fa", "fl" -> Optional.of(SINISTRO);
            case "ep" -> Optional.of(MUSCAT);
            case "sq" -> Optional.of(QHY);
            case "kb" -> Optional.of(SBIG);
            case "en" -> Optional.of(FLOYDS);
            default -> Optional.empty();
        };
    }
}
