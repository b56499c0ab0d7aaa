package io.skyroute.bench;

import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reductions through the work queue: N datasets reduced by one worker process, then by two, each run on fresh
 * copies (bench/cluster-benchmark.sh makes them); wall time and the workers' CPU (from /proc). Also the queue's
 * own cost per job: publish + deliver + acknowledge of small messages through the same broker.
 *
 *   java -cp ... io.skyroute.bench.ClusterBenchmark WORK_DIR JAR PG_URL [WORKERS...]
 */
public final class ClusterBenchmark {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Path jar = Path.of(args[1]);
        String pg = args[2];
        queueCost();
        for (int workers : new int[]{1, 2}) {
            run(work, jar, pg, workers);
        }
    }

    private static void queueCost() {
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
        String queue = "skyroute.bench." + UUID.randomUUID();
        RabbitAdmin admin = new RabbitAdmin(factory);
        admin.declareQueue(QueueBuilder.durable(queue).quorum().build());
        RabbitTemplate template = new RabbitTemplate(factory);
        int n = 500;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            template.convertAndSend("", queue, "/data/reduction/T" + i + "/sbig/rp");
        }
        for (int i = 0; i < n; i++) {
            template.receive(queue, 5000);
        }
        double perJob = (System.nanoTime() - start) / 1e6 / n;
        System.out.printf(Locale.ROOT, "queue cost: %d persistent messages on a quorum queue, publish + receive + ack: %.2f ms per job%n", n, perJob);
        admin.deleteQueue(queue);
        factory.destroy();
    }

    private static void run(Path work, Path jar, String pg, int workers) throws Exception {
        Path data = work.resolve("w" + workers);
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (var c = java.sql.DriverManager.getConnection(pg, "postgres", null); var s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String queue = "skyroute.bench." + UUID.randomUUID();
        List<Path> datasets;
        try (Stream<Path> walk = Files.walk(data.resolve("reduction"), 3)) {
            datasets = walk.filter(p -> p.getNameCount() - data.resolve("reduction").getNameCount() == 3).sorted().toList();
        }
        List<Process> nodes = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Path config = Files.writeString(data.resolve("worker-" + i + ".yaml"), """
                    data_dir: %s
                    database: {url: '%s', user: postgres}
                    drop: {enabled: false}
                    sorting: {enabled: false}
                    analysis: {enabled: false}
                    management: {http_port: 0}
                    cluster: {enabled: true, role: reduce, node_id: bench-%d, rabbitmq: {queue: '%s'}}
                    """.formatted(data, pg + "?currentSchema=" + schema, i, queue));
            nodes.add(new ProcessBuilder("java", "-jar", jar.toString(), "run", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve("worker-" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < workers; i++) {
            Path log = data.resolve("worker-" + i + ".log");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(log) && Files.readString(log).contains("(skyroute) started")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        long cpuBefore = cpu(nodes);
        CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", 5672);
        RabbitTemplate template = new RabbitTemplate(factory);
        long start = System.nanoTime();
        for (Path d : datasets) {
            template.convertAndSend("", queue, d.toAbsolutePath().toString());
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (lightcurves(data) < datasets.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long cpu = cpu(nodes) - cpuBefore;
        System.out.printf(Locale.ROOT, "%d worker process(es): %d datasets reduced in %.1f s wall (%.2f datasets/s), workers' CPU %.1f s%n", workers,
                lightcurves(data), wall, datasets.size() / wall, cpu / 100.0);
        factory.destroy();
        for (Process p : nodes) {
            p.destroy();
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static long lightcurves(Path data) throws Exception {
        try (Stream<Path> walk = Files.walk(data.resolve("reduction"))) {
            return walk.filter(p -> p.getFileName().toString().endsWith("_lc.csv")).count();
        }
    }

    /** utime + stime of the processes and their threads, in clock ticks (1/100 s). */
    private static long cpu(List<Process> nodes) throws Exception {
        long ticks = 0;
        for (Process p : nodes) {
            String[] stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).replaceAll("^.*\\) ", "").split(" ");
            ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        }
        return ticks;
    }
}
