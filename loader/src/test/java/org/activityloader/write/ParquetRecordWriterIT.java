package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.activityloader.config.Compression;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.testing.TestJobs;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet layout follows the Avro schema, including its per-column dictionary hints. */
class ParquetRecordWriterIT {
    @Test
    void columnsMarkedInTheSchemaAreNotDictionaryEncoded(@TempDir Path dir) throws Exception {
        Schema schema = ActivitySchemas.load(TestJobs.SCHEMAS, java.util.List.of("click")).get("click").schema();
        try (Storage storage = new Storage(dir.toUri())) {
            RecordFileWriter writer = new ParquetRecordWriter(storage.resolve("f.parquet"), storage.configuration(), schema,
                    Compression.SNAPPY, 1 << 20);
            for (int i = 0; i < 1_000; i++) {
                GenericData.Record r = new GenericData.Record(schema);
                r.put("event_id", UUID.randomUUID().toString());
                r.put("event_time", 1_700_000_000_000L + i);
                r.put("session_id", "s-" + (i % 10));
                r.put("site", "shop.example.com");
                r.put("url", "https://shop.example.com/");
                r.put("target", "buy-now");
                writer.write(r);
            }
            writer.close();
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(storage.resolve("f.parquet"),
                    storage.configuration()))) {
                assertThat(reader.getRecordCount()).isEqualTo(1_000);
                var columns = reader.getFooter().getBlocks().get(0).getColumns().stream()
                        .collect(Collectors.toMap(c -> c.getPath().toDotString(), ColumnChunkMetaData::getEncodings));
                assertThat(isDictionary(columns.get("event_id"))).as("event_id").isFalse();
                assertThat(isDictionary(columns.get("session_id"))).as("session_id").isTrue();
                assertThat(isDictionary(columns.get("site"))).as("site").isTrue();
            }
        }
    }

    private static boolean isDictionary(Set<Encoding> encodings) {
        return encodings.contains(Encoding.PLAIN_DICTIONARY) || encodings.contains(Encoding.RLE_DICTIONARY);
    }
}
