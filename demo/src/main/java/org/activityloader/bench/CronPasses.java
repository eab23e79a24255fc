package org.activityloader.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What cron pays: {@code loader run} as a process of its own on all the events (a cold JVM, the
 * launcher's options), a consume-only process over the same events, and three runs with nothing
 * new to load; each timed whole. Then where the cold run's time went, as it measured it.
 */
final class CronPasses {
    private final Path dataDir;
    private final Path jobFile;
    private final String format;
    private final PrintWriter out;

    CronPasses(Path dataDir, Path jobFile, String format, PrintWriter out) {
        this.dataDir = dataDir;
        this.jobFile = jobFile;
        this.format = format;
        this.out = out;
    }

    void run(String bootstrapServers, long events) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(dataDir.resolve("processes"));
        String[] settings = {"--set", "kafka.bootstrap_servers=" + bootstrapServers,
            "--set", "output.warehouse=" + dataDir.resolve("warehouse-process"), "--set", "output.format=" + format,
            "--set", "catalog.url=jdbc:h2:file:" + dataDir.resolve("catalog-process"), "--set", "limits.max_records=" + events,
            "--set", "limits.max_bytes=1024GB", "--set", "limits.max_duration=2h", "--set", "event_time.max_past=3650d"};
        List<String> run = new ArrayList<>(List.of("run", jobFile.toAbsolutePath().toString(), "--progress", "none"));
        run.addAll(List.of(settings));
        // The first run after a build writes the launcher's class-data archive as it exits: a one-off
        // cost, paid here by a small run of its own, not by the runs measured.
        String home = System.getenv("LOADER_HOME");
        if (home != null && !Files.exists(Path.of(home, "loader", "target", "loader.jsa"))) {
            List<String> train = new ArrayList<>(run);
            train.addAll(List.of("--set", "catalog.url=jdbc:h2:file:" + dataDir.resolve("catalog-training"),
                    "--set", "output.warehouse=" + dataDir.resolve("warehouse-training"), "--set", "limits.max_records=20000"));
            ProcessPass first = ProcessPass.run("first run, writes the class archive", ProcessPass.loader(train.toArray(String[]::new)), dir);
            out.printf(Locale.ROOT, "the first run after a build wrote the class-data archive: %.2f s for %,d events (not counted)%n",
                    first.seconds(), first.events());
        }
        List<String> consume = new ArrayList<>(List.of("consume", jobFile.toAbsolutePath().toString()));
        consume.addAll(List.of(settings).subList(0, 2));
        ProcessPass consumeOnly = ProcessPass.run("consume-only process", ProcessPass.loader(consume.toArray(String[]::new)), dir);
        ProcessPass cold = ProcessPass.run("loader run process (cold JVM)", ProcessPass.loader(run.toArray(String[]::new)), dir);
        List<ProcessPass> noOps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            noOps.add(ProcessPass.run("loader run, nothing to load", ProcessPass.loader(run.toArray(String[]::new)), dir));
        }
        List<Double> noOpSeconds = noOps.stream().map(ProcessPass::seconds).sorted().toList();
        out.println("processes as cron starts them (" + (System.getenv("LOADER_HOME") != null ? "bin/loader, JVM options "
                + System.getenv().getOrDefault("LOADER_JAVA_OPTS", "its defaults") : "java with this JVM's class path") + "), each timed whole:");
        out.printf(Locale.ROOT, "%-40s %12s %9s %12s %14s%n", "process", "events", "wall s", "events/s", "peak RSS MB");
        for (ProcessPass p : List.of(consumeOnly, cold, noOps.get(0), noOps.get(1), noOps.get(2))) {
            out.printf(Locale.ROOT, "%-40s %,12d %9.2f %,12.0f %14s%n", p.what(), p.events(), p.seconds(), p.eventsPerSecond(),
                    p.peakRssKb() < 0 ? "?" : String.valueOf(p.peakRssKb() >> 10));
        }
        out.printf(Locale.ROOT, "cold run / consume-only process: %.2fx the wall time; nothing to load: %.2f s (median of 3)%n",
                cold.seconds() / consumeOnly.seconds(), noOpSeconds.get(1));
        out.printf(Locale.ROOT, "the cold run's garbage collection: %.0f%% of its time, as it measured it%n", 100 * cold.gcShare());
        out.println("where the cold run's time went (measured by the run; the rest is the JVM's exit and what the stages do not cover):");
        double covered = 0;
        for (Map.Entry<String, Double> e : cold.stages().entrySet()) {
            out.printf(Locale.ROOT, "  %-15s %7.2f s  %5.1f%%%n", e.getKey(), e.getValue(), 100 * e.getValue() / cold.seconds());
            if (!e.getKey().equals("wait") && !e.getKey().equals("write")) { // on the other thread, beside poll and decode
                covered += e.getValue();
            }
        }
        out.printf(Locale.ROOT, "  %-15s %7.2f s  %5.1f%%%n", "rest", cold.seconds() - covered, 100 * (cold.seconds() - covered) / cold.seconds());
        ProcessPass noOp = noOps.get(1);
        out.print("the run with nothing to load:");
        noOp.stages().forEach((k, v) -> out.printf(Locale.ROOT, " %s %.2f,", k, v));
        out.println();
    }
}
