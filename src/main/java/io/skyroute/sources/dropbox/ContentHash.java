package io.skyroute.sources.dropbox;

import io.skyroute.pipeline.Checksums;

import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Dropbox's {@code content_hash} (external-apis.md section 4), computed while bytes stream past: the
 * file in 4 MiB blocks, SHA-256 of each block, SHA-256 of the concatenated block digests, hex.
 */
public final class ContentHash {

    static final int BLOCK = 4 * 1024 * 1024;

    private final MessageDigest overall = Checksums.newDigest("SHA-256");
    private MessageDigest block = Checksums.newDigest("SHA-256");
    private int inBlock;

    public void update(byte[] bytes, int offset, int length) {
        int at = offset;
        int left = length;
        while (left > 0) {
            int take = Math.min(left, BLOCK - inBlock);
            block.update(bytes, at, take);
            inBlock += take;
            at += take;
            left -= take;
            if (inBlock == BLOCK) {
                overall.update(block.digest());
                block = Checksums.newDigest("SHA-256");
                inBlock = 0;
            }
        }
    }

    /** The hash of everything seen (call once). */
    public String hex() {
        if (inBlock > 0) {
            overall.update(block.digest());
        }
        return HexFormat.of().formatHex(overall.digest());
    }

    public static String of(byte[] bytes) {
        ContentHash hash = new ContentHash();
        hash.update(bytes, 0, bytes.length);
        return hash.hex();
    }

}
