package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.activityloader.config.Compression;
import org.activityloader.config.OutputFormat;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.PartitionKey;
import org.activityloader.testing.ParquetIds;
import org.activityloader.testing.TestJobs;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory stays bounded: files roll at max_file_size and at most max_open_files are open; nothing is lost either way. */
class PartitioningWriterIT {
    private static final ActivitySchema CLICK = ActivitySchemas.load(TestJobs.SCHEMAS, List.of("click")).get("click");

    @Test
    void rollsFilesAndClosesTheLeastRecentlyWrittenWithoutLosingARecord(@TempDir Path dir) throws Exception {
        PartitionKey[] hours = {
            new PartitionKey("click", LocalDate.parse("2026-01-01"), 0),
            new PartitionKey("click", LocalDate.parse("2026-01-01"), 1),
            new PartitionKey("click", LocalDate.parse("2026-01-01"), 2)};
        int perHour = 20_000;
        Map<PartitionKey, List<String>> handedIn = new HashMap<>();
        try (Storage storage = new Storage(dir.toUri());
             PartitioningWriter writer = new PartitioningWriter(storage,
                     new FileFormats(storage, OutputFormat.PARQUET, Compression.SNAPPY, 64 << 10), "run-1", 256 << 10, 2, WriteBudget.of(64L << 20))) {
            for (int i = 0; i < perHour * hours.length; i++) {
                // three hours in runs of 2,000 records, two open files allowed: each switch closes one
                PartitionKey key = hours[(i / 2_000) % hours.length];
                GenericData.Record click = click(i);
                handedIn.computeIfAbsent(key, k -> new ArrayList<>()).add(click.get("event_id").toString());
                writer.write(key, CLICK, click, 1_767_225_600_000L + i, "clicks", i % 4, i);
            }
            List<SealedFile> files = writer.finish();

            assertThat(files.stream().mapToLong(SealedFile::records).sum()).isEqualTo((long) perHour * hours.length);
            for (PartitionKey key : hours) {
                List<SealedFile> ofHour = files.stream().filter(f -> f.key().equals(key)).toList();
                assertThat(ofHour.stream().mapToLong(SealedFile::records).sum()).isEqualTo(perHour);
                assertThat(ofHour).allSatisfy(f -> assertThat(f.finalPath()).startsWith(key.directory() + "/part-run-1-"));
            }
            assertThat(files.size()).as("LRU closes and size rolls make many files").isGreaterThan(hours.length * 2);
            assertThat(writer.earlyCloses()).as("every switch to the third hour closes one of two open files")
                    .isEqualTo(perHour * hours.length / 2_000 - 2);
            assertThat(files.stream().mapToLong(SealedFile::bytes).max().orElseThrow())
                    .as("rolled near max_file_size").isLessThan(2L * (256 << 10));
            // What the files hold, read by DuckDB, against what was handed in: every record once, in its hour's files.
            Map<PartitionKey, List<String>> readBack = new HashMap<>();
            for (SealedFile f : files) {
                List<String> ids = ParquetIds.of(dir.resolve(f.stagedPath()));
                assertThat(ids).as("records of " + f.stagedPath()).hasSize((int) f.records());
                readBack.computeIfAbsent(f.key(), k -> new ArrayList<>()).addAll(ids);
                assertThat(f.sources().stream().mapToLong(SourceSpan::records).sum()).isEqualTo(f.records());
            }
            for (PartitionKey key : hours) {
                assertThat(readBack.get(key)).as("ids in the files of " + key).containsExactlyInAnyOrderElementsOf(handedIn.get(key));
            }
        }
    }

    /**
     * A budget so small that every check flushes: the open files' footers would grow with every early
     * row group, so past their bound the file about to be flushed is closed instead, and every record
     * is still written once.
     */
    @Test
    void earlyRowGroupsPastTheirBoundCloseFilesInsteadOfGrowingFooters(@TempDir Path dir) throws Exception {
        int hours = 8;
        int records = 300_000;
        try (Storage storage = new Storage(dir.toUri());
             PartitioningWriter writer = new PartitioningWriter(storage,
                     new FileFormats(storage, OutputFormat.PARQUET, Compression.SNAPPY, 8 << 20), "run-1", 256L << 20, 256,
                     WriteBudget.of(64 << 10), 16)) {
            for (int i = 0; i < records; i++) {
                PartitionKey key = new PartitionKey("click", LocalDate.parse("2026-01-01"), i % hours); // interleaved hours
                writer.write(key, CLICK, click(i), 1_767_225_600_000L + i, "clicks", i % 4, i);
            }
            List<SealedFile> files = writer.finish();
            assertThat(writer.budgetFlushes()).as("early row groups").isGreaterThanOrEqualTo(16);
            assertThat(writer.budgetCloses()).as("files closed instead of flushed again").isPositive();
            assertThat(files).hasSize((int) writer.budgetCloses() + hours);
            assertThat(files.stream().mapToLong(SealedFile::records).sum()).isEqualTo(records);
            long ids = 0;
            for (SealedFile f : files) {
                ids += ParquetIds.of(dir.resolve(f.stagedPath())).size();
            }
            assertThat(ids).isEqualTo(records);
        }
    }

    /** A valid click of the i-th millisecond of 2026; BackgroundWriterIT writes them too. */
    static GenericData.Record click(int i) {
        GenericData.Record r = new GenericData.Record(CLICK.schema());
        r.put("event_id", UUID.randomUUID().toString());
        r.put("event_time", 1_767_225_600_000L + i);
        r.put("session_id", "s-" + (i % 97));
        r.put("site", "shop.example.com");
        r.put("url", "https://shop.example.com/products/" + (i % 500));
        r.put("target", "result-link-" + (i % 13));
        return r;
    }
}
