package org.activityloader.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One command of the loader run as cron runs it: a process of its own started through the launcher
 * (bin/loader, with its JVM options) when the benchmark itself was started by it, timed whole from
 * start to exit, its peak resident memory read by {@code /usr/bin/time} where there is one, and the
 * stage times it prints with LOADER_STAGE_TIMES=1.
 *
 * @param peakRssKb -1 when unknown
 */
record ProcessPass(String what, long events, double seconds, long peakRssKb, Map<String, Double> stages, String output) {
    private static final Pattern GC = Pattern.compile("garbage collection (\\d+)% of it");
    private static final Pattern STAGES = Pattern.compile("stage times:(.*)");
    private static final Pattern STAGE = Pattern.compile("(\\S+)=([\\d.]+)");
    private static final Pattern READ = Pattern.compile("read ([\\d,]+) records|consumed (\\d+) records");
    private static final Path TIME = Path.of("/usr/bin/time");

    /** The loader command: bin/loader of LOADER_HOME, or this JVM's class path when there is no launcher. */
    static List<String> loader(String... args) {
        List<String> cmd = new ArrayList<>();
        String home = System.getenv("LOADER_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "loader"))) {
            cmd.add(Path.of(home, "bin", "loader").toString());
        } else {
            cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseParallelGC",
                    "-cp", System.getProperty("java.class.path"), "org.activityloader.cli.LoaderCommand"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ProcessPass run(String what, List<String> command, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        Path rss = dir.resolve("rss-" + System.nanoTime());
        if (Files.isExecutable(TIME)) {
            cmd.addAll(List.of(TIME.toString(), "-f", "%M", "-o", rss.toString()));
        }
        cmd.addAll(command);
        Path out = dir.resolve("process.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("LOADER_STAGE_TIMES", "1");
        pb.environment().put("LOADER_BUILD", "never");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within 30 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "):\n" + text);
        }
        long peak = -1;
        if (Files.exists(rss)) {
            String last = Files.readAllLines(rss).stream().filter(l -> l.matches("\\d+")).reduce((a, b) -> b).orElse("-1");
            peak = Long.parseLong(last);
            Files.delete(rss);
        }
        Map<String, Double> stages = new LinkedHashMap<>();
        Matcher s = STAGES.matcher(text);
        if (s.find()) {
            Matcher each = STAGE.matcher(s.group(1));
            while (each.find()) {
                stages.put(each.group(1).replace('_', ' '), Double.parseDouble(each.group(2)));
            }
        }
        Matcher read = READ.matcher(text);
        long events = read.find() ? Long.parseLong((read.group(1) != null ? read.group(1) : read.group(2)).replace(",", "")) : 0;
        return new ProcessPass(what, events, seconds, peak, stages, text);
    }

    /** The share of its time the run said it spent collecting garbage; -1 if it did not say. */
    double gcShare() {
        Matcher m = GC.matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) / 100.0 : -1;
    }

    double eventsPerSecond() {
        return events / Math.max(seconds, 1e-9);
    }
}
