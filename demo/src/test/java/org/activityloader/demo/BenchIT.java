package org.activityloader.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.testing.ChildLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loader bench} runs end to end on a small N and prints every figure the README shows, from real runs.
 * Each bench runs in a JVM of its own, as a user starts it: its broker, producer and loader share no heap
 * with the other tests.
 */
class BenchIT {
    private record Output(int exit, String out) {
    }

    private static Output bench(Path dir, String... args) throws Exception {
        Path log = dir.resolve("bench.log");
        Files.createDirectories(dir);
        int exit = ChildLoader.await(ChildLoader.start(log, null, args), 300);
        return new Output(exit, Files.readString(log));
    }

    @Test
    void printsCeilingFullRunStagesScalingAndAnIdenticalDuckDbReadBack(@TempDir Path dir) throws Exception {
        Output r = bench(dir, "bench", "--events", "2000", "--scaling", "--data-dir", dir.resolve("bench").toString(),
                "--job", Path.of("../jobs/activity.yaml").toString());

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("cold JVM, full run parquet (500)", "consume only", "full run parquet (2,000)",
                "full run parquet (16,000)", "full / ceiling:", "identical", "poll", "decode", "wait", "write", "seal",
                "commit", "publish", "8x the events:", "process peak RSS");
        Matcher readBack = Pattern.compile("read back with DuckDB: ([\\d,]+) rows; the run wrote ([\\d,]+)").matcher(r.out());
        assertThat(readBack.find()).isTrue();
        long rows = Long.parseLong(readBack.group(1).replace(",", ""));
        assertThat(rows).isEqualTo(Long.parseLong(readBack.group(2).replace(",", ""))).isBetween(1_990L, 2_000L);
        Matcher size = Pattern.compile("events of (\\d+) bytes on average").matcher(r.out());
        assertThat(size.find()).isTrue();
        assertThat(Integer.parseInt(size.group(1))).as("wide events by default").isBetween(400, 600);
        Matcher scheduled = Pattern.compile("  run \\S+: ([\\d,]+) events in [\\d.]+ s, [\\d,]+ events/s \\([\\d.]+x the cold JVM").matcher(r.out());
        long scheduledEvents = 0;
        int scheduledRuns = 0;
        while (scheduled.find()) {
            scheduledEvents += Long.parseLong(scheduled.group(1).replace(",", ""));
            scheduledRuns++;
        }
        assertThat(scheduledRuns).as("three scheduled runs in one JVM").isEqualTo(3);
        // What cron pays: processes timed whole, the cold one loading every event, with where its time went.
        assertThat(r.out()).contains("processes as cron starts them").containsPattern("consume-only process\\s+16,000 ")
                .containsPattern("loader run process \\(cold JVM\\)\\s+16,000 ").containsPattern("nothing to load\\s+0 ").containsPattern("nothing to load: [\\d.]+ s \\(median of 3\\)")
                .contains("catalog open").contains("kafka metadata").containsPattern("cold run / consume-only process: [\\d.]+x");
        assertThat(scheduledEvents).as("each its share of new events").isEqualTo(3 * (2_000 / 3));
        // Compaction of the small files cron-sized runs leave, beside a plain parquet-avro copy of the same files.
        Matcher compaction = Pattern.compile("compaction: 8 runs of 62 events left ([\\d,]+) small files in (\\d+) complete hour\\(s\\)"
                + " \\([\\d.]+ MB, ([\\d,]+) records\\); merged into (\\d+) in [\\d.]+ s: [\\d.]+ MB/s").matcher(r.out());
        assertThat(compaction.find()).as(r.out()).isTrue();
        assertThat(Integer.parseInt(compaction.group(4))).as("one file per hour").isEqualTo(Integer.parseInt(compaction.group(2)));
        assertThat(Long.parseLong(compaction.group(1).replace(",", ""))).isGreaterThan(Long.parseLong(compaction.group(4)));
        Matcher plain = Pattern.compile("plain parquet-avro read \\+ write of the same files: ([\\d,]+) records in [\\d.]+ s: [\\d.]+ MB/s;"
                + " compaction / plain \\(MB/s\\): [\\d.]+").matcher(r.out());
        assertThat(plain.find()).isTrue();
        assertThat(plain.group(1)).as("the same records").isEqualTo(compaction.group(3));
        // Each input format on the same 1,000 page views, against a consume-only drain of its own topic; each run wrote them all.
        for (String format : new String[] {"json", "avro-registry", "text"}) {
            assertThat(r.out()).containsPattern("\n  " + format + " +\\d+ +[\\d,]+ +[\\d,]+ +[\\d.]+\n");
        }
        assertThat(r.out()).contains("the same 1,000 page views per format").doesNotContain("(wrote ")
                .contains("registry lookups: 1 (one per schema id a run)");
    }

    @Test
    void avroOutputIsCountedFromItsFiles(@TempDir Path dir) throws Exception {
        Output r = bench(dir, "bench", "--events", "1000", "--format", "avro", "--data-dir", dir.resolve("bench").toString(),
                "--job", Path.of("../jobs/activity.yaml").toString());

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("full run avro (1,000)").containsPattern("read back with Avro's reader: [\\d,]+ rows; the run"
                + " wrote [\\d,]+: identical");
    }
}
