package io.skyroute.sources.dropbox;

import io.skyroute.pipeline.PermanentFailure;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a release file lands: under the folder, whatever its listed path says (the one-shot download command joined paths unchecked). */
class ReleaseFileTest {

    private static ReleaseFile file(String path) {
        return new ReleaseFile(path, 1, null, null);
    }

    @Test
    void aReleasePathLandsUnderTheFolderAndOneThatLeavesItIsRefused() {
        Path root = Path.of("/data/release");
        assertThat(file("/EPOCH01/field_a.fits").under(root)).isEqualTo(Path.of("/data/release/EPOCH01/field_a.fits"));
        assertThat(file("/EPOCH01/../EPOCH02/x.fits").under(root)).isEqualTo(Path.of("/data/release/EPOCH02/x.fits"));
        for (String hostile : new String[]{"/../../../tmp/escape.fits", "/EPOCH01/../../outside.fits", "/..", "/", "/EPOCH01/\0x.fits"}) {
            assertThatThrownBy(() -> file(hostile).under(root)).as(hostile).isInstanceOf(PermanentFailure.class).hasMessageContaining(hostile);
        }
    }
}
