package io.skyroute.tom;

import java.nio.file.Path;

/**
 * What to deliver: a dataset's lightcurve file, the TOM target it belongs to, the dataset's unique data
 * label (the file is sent as {@code <label>.csv}) and the TOM configuration to use (null: the daemon's).
 */
public record UploadRequest(Path dataset, Path lightcurve, String target, String label, Path tomConfig) {
}
