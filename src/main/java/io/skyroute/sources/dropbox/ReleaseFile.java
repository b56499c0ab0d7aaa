package io.skyroute.sources.dropbox;

/** A file of a survey release: its path in the release ({@code /EPOCH01/...}), size, Dropbox content hash and release MD5 (either may be null). */
public record ReleaseFile(String path, long size, String contentHash, String md5) {

    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
