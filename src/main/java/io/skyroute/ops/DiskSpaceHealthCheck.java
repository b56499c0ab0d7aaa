package io.skyroute.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code disk-space}: DOWN when a data folder's file system has less free space than the floor
 * ({@code management.disk_free_min_mb}): downloads and reductions would fail half-written. Readiness only.
 */
public class DiskSpaceHealthCheck extends AbstractHealthCheck {

    private final Map<String, Path> folders;
    private final long minimumMb;

    /** @param folders what each folder is for (data, drop, reduction) mapped to the folder */
    public DiskSpaceHealthCheck(Map<String, Path> folders, long minimumMb) {
        super("skyroute", "disk-space");
        this.folders = Map.copyOf(folders);
        this.minimumMb = minimumMb;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> lowOnSpace = new ArrayList<>();
        builder.detail("minimum.mb", minimumMb);
        for (Map.Entry<String, Path> folder : folders.entrySet()) {
            long freeMb = freeMb(folder.getValue());
            builder.detail(folder.getKey() + ".free.mb", freeMb);
            if (freeMb >= 0 && freeMb < minimumMb) {
                lowOnSpace.add(folder.getKey() + " (" + folder.getValue() + "): " + freeMb + " MB free");
            }
        }
        if (lowOnSpace.isEmpty()) {
            builder.up();
        } else {
            builder.message("less than " + minimumMb + " MB free: " + String.join("; ", lowOnSpace)).down();
        }
    }

    /** Free megabytes where the folder is (or its nearest existing parent); -1 when that cannot be told. */
    static long freeMb(Path folder) {
        Path existing = folder.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return -1;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace() / (1024 * 1024);
        } catch (IOException e) {
            return -1;
        }
    }
}
