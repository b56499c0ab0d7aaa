package io.skyroute.reduction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dataset table's index read through what a pipeline kept of it gives, whatever happened to the file between
 * two reads, the entries (and their order) that reading the whole file gives: lines appended (as a run appends them),
 * cut back at a line boundary (as the benchmark puts it back) or inside a line, rewritten at the same length, a
 * malformed line, a name twice, other line breaks, a partial last line, a file gone, bytes that are not UTF-8.
 */
class DatasetTableIndexTest {

    @TempDir
    Path dir;

    /** The index read whole, as the dataset table always read it before the index was kept. */
    private static Map<String, Long> readWhole(Path index) throws Exception {
        if (!Files.isRegularFile(index)) {
            return null;
        }
        Map<String, Long> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            int tab = line.lastIndexOf('\t');
            if (tab <= 0) {
                return null;
            }
            try {
                entries.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return entries;
    }

    private void same(DatasetTableIndex kept, Path index) throws Exception {
        Map<String, Long> expected = readWhole(index);
        Map<String, Long> read = kept.read(index);
        if (expected == null) {
            assertThat(read).isNull();
        } else {
            assertThat(read).isNotNull();
            assertThat(new ArrayList<>(read.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        }
    }

    @Test
    void whatIsKeptReadsAsTheWholeFileWouldWhateverChanged() throws Exception {
        Path index = dir.resolve(DatasetTable.INDEX);
        DatasetTableIndex kept = new DatasetTableIndex(1_000_000);
        same(kept, index); // none yet
        StringBuilder content = new StringBuilder();
        Random random = new Random(7);
        long length = 0;
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            length += 1_000 + random.nextInt(500);
            content.append("frame-").append(i).append(".csv\t").append(length).append('\n');
            Files.writeString(index, content);
            same(kept, index); // grew by a line
            states.add(content.toString());
            if (i % 10 == 9) { // put back as it was some lines before: cut at a line boundary
                String earlier = states.get(i - 1 - random.nextInt(5));
                Files.writeString(index, earlier);
                same(kept, index);
                Files.writeString(index, content);
                same(kept, index);
            }
        }
        String full = content.toString();
        Files.writeString(index, full.substring(0, full.length() - 3)); // cut inside the last line: a partial line
        same(kept, index);
        Files.writeString(index, full);
        same(kept, index);
        Files.writeString(index, full.replace("frame-17.csv\t", "frame-71.csv\t")); // same length, other bytes
        same(kept, index);
        Files.writeString(index, full);
        same(kept, index);
        Files.writeString(index, full.replace("frame-17.csv\t", "frame-71.csv\t") + "frame-z.csv\t9\n"); // grew, other bytes before
        same(kept, index);
        Files.writeString(index, full + "not a line\n"); // malformed
        same(kept, index);
        Files.writeString(index, full);
        same(kept, index);
        Files.writeString(index, full + "frame-3.csv\t1\n"); // a name twice: its first place, the later length
        same(kept, index);
        Files.writeString(index, full);
        same(kept, index);
        Files.writeString(index, full + "frame-x.csv\t5\r\nframe-y.csv\t6\r\n"); // other line breaks
        same(kept, index);
        Files.writeString(index, full + "frame\r-w.csv\t7\n"); // a lone carriage return breaks a line too
        same(kept, index);
        Files.writeString(index, full + "a\t1"); // a partial last line, then more written after it
        same(kept, index);
        Files.writeString(index, full + "a\t1b\t2\n");
        same(kept, index);
        Files.writeString(index, full + "\n"); // an empty line
        same(kept, index);
        Files.writeString(index, "");
        same(kept, index);
        Files.writeString(index, full);
        same(kept, index);
        Files.delete(index);
        same(kept, index);
        Files.writeString(index, full);
        same(kept, index);
        Files.write(index, new byte[]{'a', (byte) 0xC3, '\t', '1', '\n'}); // not UTF-8: an error, as reading it whole is
        assertThatThrownBy(() -> kept.read(index)).isInstanceOf(java.nio.charset.CharacterCodingException.class);
        assertThatThrownBy(() -> readWhole(index)).isInstanceOf(java.nio.charset.CharacterCodingException.class);
    }

    @Test
    void theLeastRecentlyReadGoBeyondTheLinesKept() throws Exception {
        DatasetTableIndex kept = new DatasetTableIndex(3);
        Path a = Files.writeString(dir.resolve("a.index"), "x\t1\ny\t2\n");
        Path b = Files.writeString(dir.resolve("b.index"), "z\t1\nw\t2\n");
        same(kept, a);
        same(kept, b); // four lines: a goes
        assertThat(kept.filesKept()).isEqualTo(1);
        Files.writeString(a, "x\t1\ny\t2\nv\t3\n");
        same(kept, a); // three lines: b goes
        assertThat(kept.filesKept()).isEqualTo(1);
        same(kept, b);
        assertThat(new DatasetTableIndex(0).read(a)).containsKeys("x", "y", "v");
    }
}
