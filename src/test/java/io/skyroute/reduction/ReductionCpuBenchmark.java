package io.skyroute.reduction;

import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * What {@link ReductionJmh#addOneFrame} costs in wall time and in CPU time, beside the one-core decompression of
 * the same frame timed just before each run (so that the machine's speed of the moment is in both): the CPU time
 * bounds what more cores could give (on C cores a run cannot take less than its CPU time / C), which is how the
 * growth goal of issue 22 is judged on a given machine (docs/benchmarks.md). Run it with the daemon's heap settings
 * (those of {@code bin/skyroute run}): on the JVM's default heap of gigabytes the collector never works as it does in
 * the daemon. After {@code ./mvnw -DskipTests package} and
 * {@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=target/test.classpath}:
 * <pre>java -Xmx192m -XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=75 \
 *     -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.skyroute.reduction.ReductionCpuBenchmark [SIZES...]</pre>
 * (default sizes 30 and 2000 frames; 300 warm-up runs, then 400 timed).
 */
public final class ReductionCpuBenchmark {

    private static final int WARM_UP = 300;
    private static final int RUNS = 400;

    private ReductionCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[] sizes = args.length == 0 ? new String[]{"30", "2000"} : args;
        System.out.printf("%d cores, heap at most %d MB, JVM options %s; medians of %d runs after %d warm-up runs%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                ManagementFactory.getRuntimeMXBean().getInputArguments(), RUNS, WARM_UP);
        System.out.println("frames  decompress(1 core)  addOneFrame wall  wall/decompress  CPU per run  CPU/cores");
        for (String size : sizes) {
            ReductionJmh bench = new ReductionJmh();
            bench.datasetFrames = Integer.parseInt(size);
            bench.dataset();
            try {
                for (int i = 0; i < WARM_UP; i++) {
                    bench.decompressOnOneCore();
                    bench.land();
                    bench.addOneFrame();
                }
                long[] decompress = new long[RUNS];
                long[] wall = new long[RUNS];
                long cpu = 0;
                for (int i = 0; i < RUNS; i++) {
                    long start = System.nanoTime();
                    bench.decompressOnOneCore();
                    decompress[i] = System.nanoTime() - start;
                    bench.land();
                    // process CPU time is counted in ticks (10 ms here): summed over the runs, not read per run
                    long cpuStart = os.getProcessCpuTime();
                    start = System.nanoTime();
                    bench.addOneFrame();
                    wall[i] = System.nanoTime() - start;
                    cpu += os.getProcessCpuTime() - cpuStart;
                }
                double decompressMs = median(decompress);
                double wallMs = median(wall);
                double cpuMs = cpu / 1e6 / RUNS;
                System.out.printf("%6s  %15.1f ms  %13.1f ms  %15.2f  %8.1f ms  %6.1f ms%n", size, decompressMs, wallMs, wallMs / decompressMs, cpuMs,
                        cpuMs / Runtime.getRuntime().availableProcessors());
            } finally {
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
