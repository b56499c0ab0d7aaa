package io.skyroute.photometry.fits;

/** An image that cannot be measured; the message names the file, the key or part, and the reason. */
public class BadImage extends RuntimeException {

    private final String file;
    private final String reason;

    public BadImage(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public BadImage(String file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
