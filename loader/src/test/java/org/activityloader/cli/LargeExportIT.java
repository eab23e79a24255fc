package org.activityloader.cli;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point 4 of the operator commands: {@code loader sql ... --format csv --out FILE}, the export the
 * COPY refusal recommends, on a result several times the size of the heap of the process that
 * writes it (a child JVM with a 64 MB heap), in CSV, JSON and the text table: every row arrives,
 * nothing runs out of memory.
 */
class LargeExportIT {
    private static final long HEAP_BYTES = 64L << 20;
    private static final int EVENTS = 280_000;

    @Test
    void exportsLargerThanTheHeapStreamThrough(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            List<String> types = List.of("page_view", "search");
            kafka.createTopics(List.of("page_views", "searches"), 2);
            Traffic produced = new TrafficGenerator(kafka.bootstrapServers(), 404).withoutIds()
                    .produce(EVENTS, Instant.parse("2026-03-01T00:00:00Z"), 6, 0, types);
            JobSpec job = TestJobs.job("export", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), types);
            try (Storage storage = new Storage(job.output().warehouse())) {
                new LoadRun(job, Catalog.open(job.catalog()), storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            }
            Path jobFile = ChildLoader.writeJobFile(dir, job);

            Path csv = dir.resolve("out/activity.csv");
            run(dir, "csv", "sql", jobFile.toString(), "SELECT * FROM activity", "--format", "csv", "--out", csv.toString());
            assertThat(Files.size(csv)).as("the CSV is larger than the heap that wrote it").isGreaterThan(HEAP_BYTES);
            long lines;
            try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                lines = r.lines().count();
            }
            // Header plus one line a row (no value of these events holds a line break).
            assertThat(lines).isEqualTo(produced.good() + 1);

            Path json = dir.resolve("out/activity.json");
            run(dir, "json", "sql", jobFile.toString(), "SELECT * FROM activity", "--format", "json", "--out", json.toString());
            assertThat(Files.size(json)).isGreaterThan(HEAP_BYTES);
            assertThat(jsonRows(json)).isEqualTo(produced.good());

            run(dir, "table", "sql", jobFile.toString(), "SELECT event_id, url, user_agent FROM page_view");
            assertThat(Files.readString(dir.resolve("table.log.out")).strip())
                    .endsWith("(" + produced.goodByHour().entrySet().stream().filter(e -> e.getKey().activityType().equals("page_view"))
                            .mapToLong(java.util.Map.Entry::getValue).sum() + " rows)");
        }
    }

    /** Runs the command in a 64 MB child JVM; its output goes to {@code <name>.log.out}; it must exit 0. */
    private static void run(Path dir, String name, String... args) throws Exception {
        Path log = dir.resolve(name + ".log.out");
        int exit = ChildLoader.await(ChildLoader.startWithHeap(log, (HEAP_BYTES >> 20) + "m", args), 300);
        String tail = tail(log);
        assertThat(exit).as(name + " exit code; end of its output:\n" + tail).isZero();
        assertThat(tail).doesNotContain("OutOfMemoryError");
    }

    private static String tail(Path log) throws Exception {
        long size = Files.size(log);
        try (var in = Files.newInputStream(log)) {
            in.skip(Math.max(0, size - 2000));
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Rows of the JSON document, read as a stream. */
    private static long jsonRows(Path json) throws Exception {
        long rows = 0;
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            int depth = 0;
            boolean inRows = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && depth == 1 && p.currentName().equals("rows")) {
                    inRows = true;
                }
                if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
                    depth++;
                    if (inRows && depth == 3 && t == JsonToken.START_ARRAY) {
                        rows++;
                    }
                } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    depth--;
                }
            }
        }
        return rows;
    }
}
