package io.skyroute.sources.dropbox;

/** A file of a survey release: its path in the release ({@code /EPOCH01/...}), size, Dropbox content hash and release MD5 (either may be null). */
public record ReleaseFile(String path, long size, String contentHash, String md5) {

    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * Where this file lands under {@code root}: its release path below it. A path that would leave the root
     * ({@code /../../x}, from a hostile or broken listing) is refused, permanently: no retry makes it safe.
     */
    public java.nio.file.Path under(java.nio.file.Path root) {
        java.nio.file.Path base = root.toAbsolutePath().normalize();
        java.nio.file.Path target;
        try {
            target = base.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new io.skyroute.pipeline.PermanentFailure(path + ": not a usable release path (" + e.getReason() + ")");
        }
        if (!target.startsWith(base) || target.equals(base)) {
            throw new io.skyroute.pipeline.PermanentFailure(path + ": a release path outside the release");
        }
        return target;
    }
}
