package io.skyroute.sources.dropbox;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each filter of the VAST Pilot downloader on a release-shaped file list (external-apis.md section 4). */
class ReleaseSelectionTest {

    static final List<String> RELEASE = List.of(
            "/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits",
            "/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_rms.fits",
            "/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_bkg.fits",
            "/EPOCH01/COMBINED/STOKESI_SELAVY/VAST_0918+00A.EPOCH01.I.selavy.components.txt",
            "/EPOCH01/COMBINED/STOKESI_SELAVY/VAST_0918+00A.EPOCH01.I.selavy.islands.xml",
            "/EPOCH01/COMBINED/STOKESV_IMAGES/VAST_0918+00A.EPOCH01.V.fits",
            "/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_2131-06A.EPOCH02.I.fits",
            "/EPOCH04x/TILES/STOKESI_IMAGES/VAST_0918+00A.EPOCH04x.I.tile.fits",
            "/EPOCH04x/QC/TILES_QC/VAST_0918+00A.EPOCH04x.png",
            "/LEGACY/v0.6/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits",
            "/LEGACY/v0.5/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits");

    static final ReleaseSelection.Filters ALL = new ReleaseSelection.Filters(Set.of(), Set.of(), Set.of(), Set.of(), false, false, false,
            false, false, false, false, false, false, false, false, false, null);

    private static List<String> select(ReleaseSelection.Filters filters) {
        return RELEASE.stream().map(p -> new ReleaseFile(p, 1, null, null)).filter(ReleaseSelection.of(filters)).map(ReleaseFile::path).toList();
    }

    private static ReleaseSelection.Filters with(UnaryOperator<Object[]> change) {
        Object[] f = {ALL.epochs(), ALL.fields(), ALL.userFiles(), ALL.stokes(), false, false, false, false, false, false, false, false, false,
                false, false, false, null};
        f = change.apply(f);
        @SuppressWarnings("unchecked")
        ReleaseSelection.Filters filters = new ReleaseSelection.Filters((Set<String>) f[0], (Set<String>) f[1], (Set<String>) f[2],
                (Set<String>) f[3], (boolean) f[4], (boolean) f[5], (boolean) f[6], (boolean) f[7], (boolean) f[8], (boolean) f[9],
                (boolean) f[10], (boolean) f[11], (boolean) f[12], (boolean) f[13], (boolean) f[14], (boolean) f[15], (String) f[16]);
        return filters;
    }

    private static ReleaseSelection.Filters flag(int index) {
        return with(f -> {
            f[index] = true;
            return f;
        });
    }

    @Test
    void epochNamesAsTheOriginalWritesThem() {
        assertThat(ReleaseSelection.epochs(List.of("1", "2", "4x", "12", "EPOCH03x"))).containsExactlyInAnyOrder("EPOCH01", "EPOCH02", "EPOCH04x",
                "EPOCH12", "EPOCH03x");
        assertThatThrownBy(() -> ReleaseSelection.epochFolder("x")).hasMessageContaining("expected a number like 1, 2 or 4x");
    }

    @Test
    void everyFilter() {
        assertThat(select(ALL)).hasSize(9).noneMatch(p -> p.startsWith("/LEGACY"));
        assertThat(select(with(f -> { f[0] = ReleaseSelection.epochs(List.of("4x")); return f; }))).hasSize(2).allMatch(p -> p.contains("EPOCH04x"));
        assertThat(select(with(f -> { f[1] = Set.of("VAST_2131-06A"); return f; })))
                .containsExactly("/EPOCH02/COMBINED/STOKESI_IMAGES/VAST_2131-06A.EPOCH02.I.fits");
        assertThat(select(with(f -> { f[2] = Set.of("VAST_0918+00A.EPOCH01.V.fits"); return f; })))
                .containsExactly("/EPOCH01/COMBINED/STOKESV_IMAGES/VAST_0918+00A.EPOCH01.V.fits");
        assertThat(select(with(f -> { f[3] = Set.of("V"); return f; })))
                .contains("/EPOCH01/COMBINED/STOKESV_IMAGES/VAST_0918+00A.EPOCH01.V.fits", "/EPOCH04x/QC/TILES_QC/VAST_0918+00A.EPOCH04x.png")
                .noneMatch(p -> p.contains("STOKESI"));
        assertThat(select(flag(4))).noneMatch(p -> p.endsWith(".xml")).hasSize(8);
        assertThat(select(flag(5))).noneMatch(p -> p.endsWith(".txt")).hasSize(8);
        assertThat(select(flag(6))).noneMatch(p -> p.contains("/QC/")).hasSize(8);
        assertThat(select(flag(7))).noneMatch(p -> p.contains(".components.")).hasSize(8);
        assertThat(select(flag(8))).noneMatch(p -> p.contains(".islands.")).hasSize(8);
        assertThat(select(flag(9))).containsExactlyInAnyOrder(
                "/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_rms.fits",
                "/EPOCH01/COMBINED/STOKESI_RMSMAPS/VAST_0918+00A.EPOCH01.I_bkg.fits",
                "/EPOCH01/COMBINED/STOKESI_SELAVY/VAST_0918+00A.EPOCH01.I.selavy.components.txt",
                "/EPOCH01/COMBINED/STOKESI_SELAVY/VAST_0918+00A.EPOCH01.I.selavy.islands.xml",
                "/EPOCH04x/QC/TILES_QC/VAST_0918+00A.EPOCH04x.png");
        assertThat(select(flag(10))).noneMatch(p -> p.endsWith("_bkg.fits")).hasSize(8);
        assertThat(select(flag(11))).noneMatch(p -> p.endsWith("_rms.fits")).hasSize(8);
        assertThat(select(flag(12))).noneMatch(p -> p.endsWith(".fits")).hasSize(3);
        assertThat(select(flag(13))).allMatch(p -> p.contains("/COMBINED/")).hasSize(7);
        assertThat(select(flag(14))).containsExactly("/EPOCH04x/TILES/STOKESI_IMAGES/VAST_0918+00A.EPOCH04x.I.tile.fits");
        assertThat(select(flag(15))).hasSize(11);
        assertThat(select(with(f -> { f[16] = "v0.6"; return f; })))
                .containsExactly("/LEGACY/v0.6/EPOCH01/COMBINED/STOKESI_IMAGES/VAST_0918+00A.EPOCH01.I.fits");
        // combinable: epoch 1, Stokes I, no text, no xml, combined only
        assertThat(select(with(f -> { f[0] = Set.of("EPOCH01"); f[3] = Set.of("I"); f[4] = true; f[5] = true; f[13] = true; return f; })))
                .hasSize(3).allMatch(p -> p.contains("STOKESI") && p.endsWith(".fits"));
    }
}
