package io.skyroute.sorting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.skyroute.config.ConfigKind;
import io.skyroute.config.ConfigLoader;
import io.skyroute.config.ReductionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetPreparationTest {

    @TempDir
    Path dir;

    final FrameHeader header = new FrameHeader(Map.of("OBJECT", "PDS 110", "RA", "05:23:31.0216", "DEC", "-01:04:21.87"));

    @Test
    void writesTheTemplateWithTheTargetFromTheHeaderAndAValidSeedFormat() throws Exception {
        Path dataset = dir.resolve("red/KELT-9/sbig/rp");
        FrameHeader kelt = new FrameHeader(Map.of("OBJECT", "KELT-9", "RA", "20:31:26.35", "DEC", "+39:56:20.1"));
        assertThat(new DatasetPreparation(Path.of("config/default_red_config.yaml")).prepare(dataset, "KELT-9", kelt)).isTrue();

        Path written = dataset.resolve("reduction_config.yaml");
        ReductionConfig config = new ConfigLoader(Map.of()).load(written, ConfigKind.REDUCTION, ReductionConfig.class);
        assertThat(config.target().name()).isEqualTo("KELT-9");
        assertThat(config.target().ra()).isEqualTo("20:31:26.35");
        assertThat(config.target().dec()).isEqualTo("+39:56:20.1");
        assertThat(config.photometry().apertureArcsec()).as("the template leaves the aperture automatic").isNull();
        JsonNode tree = new YAMLMapper().readTree(written.toFile());
        assertThat(tree.at("/tom/config_file").asText()).isEqualTo("config/tom_config.yaml");
    }

    /** The template describes PDS 110 itself: its coordinates win over the header's pointing (6' off for this field). */
    @Test
    void aTemplateThatKnowsTheTargetKeepsItsCoordinates() throws Exception {
        Path dataset = dir.resolve("red/PDS_110/sbig/rp");
        assertThat(new DatasetPreparation(Path.of("config/default_red_config.yaml")).prepare(dataset, "PDS_110", header)).isTrue();

        ReductionConfig config = new ConfigLoader(Map.of()).load(dataset.resolve("reduction_config.yaml"), ConfigKind.REDUCTION, ReductionConfig.class);
        assertThat(config.target().ra()).isEqualTo("05:23:31.0");
        assertThat(config.target().dec()).isEqualTo("-01:04:24");
    }

    @Test
    void neverOverwritesAnExistingConfiguration() throws Exception {
        Path dataset = Files.createDirectories(dir.resolve("d"));
        Files.writeString(dataset.resolve("reduction_config.yaml"), "target: {name: edited by hand}\n");
        assertThat(new DatasetPreparation(Path.of("config/default_red_config.yaml")).prepare(dataset, "PDS_110", header)).isFalse();
        assertThat(dataset.resolve("reduction_config.yaml")).hasContent("target: {name: edited by hand}");
    }

    @Test
    void concurrentPreparationsWriteOnce() throws Exception {
        Path dataset = dir.resolve("race");
        DatasetPreparation preparation = new DatasetPreparation(Path.of("config/default_red_config.yaml"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            results.add(pool.submit((Callable<Boolean>) () -> preparation.prepare(dataset, "PDS_110", header)));
        }
        int written = 0;
        for (Future<Boolean> r : results) {
            written += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(written).isEqualTo(1);
        try (var files = Files.list(dataset)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("reduction_config.yaml");
        }
    }
}
