package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.config.Compression;
import org.activityloader.config.OutputFormat;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.generic.GenericData;
import org.activityloader.testing.FullDiskFileSystem;
import org.activityloader.testing.ParquetIds;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records handed to the writing thread all reach their files; its failures reach the caller instead of hanging it. */
class BackgroundWriterIT {
    private static final ActivitySchema CLICK = ActivitySchemas.load(TestJobs.SCHEMAS, List.of("click")).get("click");
    private static final PartitionKey[] HOURS = {
        new PartitionKey("click", LocalDate.parse("2026-01-01"), 0), new PartitionKey("click", LocalDate.parse("2026-01-01"), 1)};

    @Test
    void everyRecordReachesItsFileWithItsOffsets(@TempDir Path dir) throws Exception {
        int records = 10_007; // not a multiple of the batch size: the last batch is partial
        try (Storage storage = new Storage(dir.toUri());
             PartitioningWriter writer = writer(storage);
             BackgroundWriter background = new BackgroundWriter(writer, "test-writer")) {
            List<String> handedIn = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                GenericData.Record click = PartitioningWriterIT.click(i);
                handedIn.add(click.get("event_id").toString());
                background.write(HOURS[i % 2], CLICK, click, 1_767_225_600_000L + i, "clicks", i % 3, i);
            }
            background.awaitWritten();
            List<SealedFile> files = writer.finish();

            assertThat(files.stream().mapToLong(SealedFile::records).sum()).isEqualTo(records);
            assertThat(background.writeNanos()).isPositive();
            // Read back by DuckDB: every record handed to the other thread is in a file, once.
            List<String> readBack = new ArrayList<>();
            for (SealedFile f : files) {
                readBack.addAll(ParquetIds.of(dir.resolve(f.stagedPath())));
            }
            assertThat(readBack).containsExactlyInAnyOrderElementsOf(handedIn);
            // offsets i % 3 == p went to partition p, split over the two hours by i % 2
            List<SourceSpan> spans = files.stream().flatMap(f -> f.sources().stream()).toList();
            assertThat(spans).hasSize(6);
            assertThat(spans.stream().mapToLong(SourceSpan::records).sum()).isEqualTo(records);
            assertThat(spans).anySatisfy(s -> {
                assertThat(s.partition()).isZero();
                assertThat(s.firstOffset()).isZero();
                assertThat(s.lastOffset()).isEqualTo(10_002);
            });
        }
    }

    @Test
    void aFailureOfTheWritingThreadIsThrownToTheCaller(@TempDir Path dir) throws Exception {
        try (Storage storage = new Storage(FullDiskFileSystem.warehouse(dir, 16 << 10));
             PartitioningWriter writer = writer(storage);
             BackgroundWriter background = new BackgroundWriter(writer, "test-writer")) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 2_000_000; i++) { // far more than fits: the writer fails long before the end
                    background.write(HOURS[0], CLICK, PartitioningWriterIT.click(i), 1_767_225_600_000L + i, "clicks", 0, i);
                }
                background.awaitWritten();
                writer.finish();
            }).isInstanceOf(IOException.class).hasMessageContaining("No space left on device");
        }
    }

    @Test
    void closingWhileTheCallerFailsStopsTheWritingThread(@TempDir Path dir) throws Exception {
        Thread[] thread = new Thread[1];
        try (Storage storage = new Storage(dir.toUri())) {
            PartitioningWriter writer = writer(storage);
            try (BackgroundWriter background = new BackgroundWriter(writer, "test-writer-stop")) {
                for (int i = 0; i < 5_000; i++) {
                    background.write(HOURS[0], CLICK, PartitioningWriterIT.click(i), 1_767_225_600_000L + i, "clicks", 0, i);
                }
                thread[0] = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("test-writer-stop")).findFirst().orElseThrow();
            } // closed without awaitWritten, as after a failed poll
            assertThat(thread[0].isAlive()).isFalse();
        }
    }

    private static PartitioningWriter writer(Storage storage) {
        return new PartitioningWriter(storage, new FileFormats(storage, OutputFormat.PARQUET, Compression.SNAPPY, 1 << 20),
                "run-1", 64L << 20, 4, WriteBudget.of(64L << 20));
    }
}
