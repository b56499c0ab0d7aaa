package io.skyroute.config;

import java.nio.file.Path;

/** The local drop folder: files put here are taken in like frames from an archive. */
public record DropConfig(Path folder, Boolean enabled) {

    DropConfig withDefaultsFor(Path dataDir) {
        return new DropConfig(folder == null ? dataDir.resolve("drop") : folder, enabled == null || enabled);
    }
}
