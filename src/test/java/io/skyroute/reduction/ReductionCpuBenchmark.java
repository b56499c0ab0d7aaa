package io.skyroute.reduction;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link ReductionJmh#addOneFrame} costs in wall time and in CPU time for datasets of several sizes, beside the
 * one-core decompression of the same frame timed just before each run. The sizes take turns, run after run, in one
 * JVM: this machine's speed drifts by a third within minutes, and sizes timed one after the other (as JMH does) put
 * that drift into their ratio. The growth is given as the ratio of the medians and as the median of each round's
 * ratio (a round is one run of every size). The CPU time bounds what more cores could give (on C cores a run cannot
 * take less than its CPU time / C). Run it with the daemon's heap settings (those of {@code bin/skyroute run}): on
 * the JVM's default heap of gigabytes the collector never works as it does in the daemon. After
 * {@code ./mvnw -DskipTests package} and {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath}:
 * <pre>java -Xmx192m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=75 \
 *     -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.skyroute.reduction.ReductionCpuBenchmark [SIZES...]</pre>
 * (default sizes 30 and 2000 frames, the first the one the others are compared with; 300 warm-up rounds, then 400 timed).
 */
public final class ReductionCpuBenchmark {

    private static final int WARM_UP = 300;
    private static final int ROUNDS = 400;

    private ReductionCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] sizes = args.length == 0 ? new String[]{"30", "2000"} : args;
        System.out.printf("%d cores, heap at most %d MB, JVM options %s; sizes in turn, medians of %d rounds after %d warm-up rounds%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments(), ROUNDS, WARM_UP);
        List<ReductionJmh> benches = new ArrayList<>();
        try {
            for (String size : sizes) {
                ReductionJmh bench = new ReductionJmh();
                bench.datasetFrames = Integer.parseInt(size);
                benches.add(bench);
                bench.dataset();
            }
            for (int i = 0; i < WARM_UP; i++) {
                for (ReductionJmh bench : benches) {
                    bench.decompressOnOneCore();
                    bench.land();
                    bench.addOneFrame();
                }
            }
            int n = benches.size();
            long[][] decompress = new long[n][ROUNDS];
            long[][] wall = new long[n][ROUNDS];
            long[] cpu = new long[n];
            for (int i = 0; i < ROUNDS; i++) {
                for (int b = 0; b < n; b++) {
                    ReductionJmh bench = benches.get(b);
                    long start = System.nanoTime();
                    bench.decompressOnOneCore();
                    decompress[b][i] = System.nanoTime() - start;
                    bench.land();
                    // process CPU time is counted in ticks (10 ms here): summed over the runs, not read per run
                    long cpuStart = os.getProcessCpuTime();
                    start = System.nanoTime();
                    bench.addOneFrame();
                    wall[b][i] = System.nanoTime() - start;
                    cpu[b] += os.getProcessCpuTime() - cpuStart;
                }
            }
            System.out.println("frames  decompress(1 core)  addOneFrame wall  wall/decompress  CPU per run  CPU/cores  growth: of medians, median of rounds");
            for (int b = 0; b < n; b++) {
                double decompressMs = median(decompress[b]);
                double wallMs = median(wall[b]);
                double cpuMs = cpu[b] / 1e6 / ROUNDS;
                double[] ratios = new double[ROUNDS];
                for (int i = 0; i < ROUNDS; i++) {
                    ratios[i] = (double) wall[b][i] / wall[0][i];
                }
                Arrays.sort(ratios);
                System.out.printf("%6s  %15.1f ms  %13.1f ms  %15.2f  %8.1f ms  %6.1f ms  %6.2f  %6.2f%n", sizes[b], decompressMs, wallMs,
                        wallMs / decompressMs, cpuMs, cpuMs / Runtime.getRuntime().availableProcessors(), wallMs / median(wall[0]),
                        ratios[ROUNDS / 2]);
            }
        } finally {
            for (ReductionJmh bench : benches) {
                bench.clean();
            }
        }
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
