package io.skyroute.reduction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableWritesTest {

    @TempDir
    Path folder;

    @Test
    void writesTheTablesInTheOrderTheyCame() throws Exception {
        TableWrites writes = new TableWrites();
        List<String> order = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            String name = "t" + i + ".csv";
            writes.write(folder.resolve(name), out -> {
                order.add(name);
                out.write(name + "\n");
            });
        }
        writes.await();
        assertThat(order).hasSize(20).startsWith("t0.csv", "t1.csv", "t2.csv").endsWith("t19.csv");
        for (int i = 0; i < 20; i++) {
            assertThat(Files.readString(folder.resolve("t" + i + ".csv"))).isEqualTo("t" + i + ".csv\n");
        }
    }

    @Test
    void theFirstFailureStopsTheWritesAfterItAndIsWhatAwaitThrows() throws Exception {
        TableWrites writes = new TableWrites();
        writes.write(folder.resolve("before.csv"), out -> out.write("a\n"));
        writes.write(folder.resolve("failing.csv"), out -> {
            throw new java.io.IOException("No space left on device");
        });
        writes.write(folder.resolve("after.csv"), out -> out.write("c\n"));

        assertThatThrownBy(writes::await).isInstanceOf(java.io.IOException.class).hasMessage("No space left on device");
        assertThat(folder.resolve("before.csv")).hasContent("a");
        assertThat(folder.resolve("after.csv")).doesNotExist();
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("before.csv"); // no temporary file left
        }
        writes.awaitQuietly();
    }
}
