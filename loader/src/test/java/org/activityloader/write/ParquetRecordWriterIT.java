package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.activityloader.config.Compression;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.testing.TestJobs;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet layout follows the Avro schema, including its per-column dictionary hints, on both write paths. */
class ParquetRecordWriterIT {
    @Test
    void columnsMarkedInTheSchemaHaveNoDictionaryOrNoStatistics(@TempDir Path dir) throws Exception {
        Schema schema = ActivitySchemas.load(TestJobs.SCHEMAS, java.util.List.of("click")).get("click").schema();
        try (Storage storage = new Storage(dir.toUri())) {
            RecordFileWriter writer = new ParquetRecordWriter(storage.resolve("f.parquet"), storage.configuration(), schema,
                    new PageCompressors(storage.configuration(), org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY), 1 << 20);
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
                        .collect(Collectors.toMap(c -> c.getPath().toDotString(), c -> c));
                assertThat(isDictionary(columns.get("event_id").getEncodings())).as("event_id").isFalse();
                assertThat(isDictionary(columns.get("event_time").getEncodings())).as("event_time").isFalse();
                assertThat(isDictionary(columns.get("session_id").getEncodings())).as("session_id").isFalse();
                assertThat(isDictionary(columns.get("site").getEncodings())).as("site").isTrue();
                assertThat(columns.get("event_id").getStatistics().hasNonNullValue()).as("event_id min/max").isFalse();
                assertThat(columns.get("event_time").getStatistics().genericGetMin()).as("event_time min")
                        .isEqualTo(1_700_000_000_000L);
                assertThat(((org.apache.parquet.io.api.Binary) columns.get("session_id").getStatistics().genericGetMax()).toStringUsingUTF8()).as("session_id max")
                        .isEqualTo("s-9");
            }
        }
    }

    /** Every kind of field the flat path writes itself, each nullable and required, including empty and non-ASCII values. */
    private static final Schema ALL_KINDS = new Schema.Parser().parse("""
            {"type":"record","name":"AllKinds","namespace":"t","fields":[
              {"name":"s","type":"string"},{"name":"os","type":["null","string"],"default":null},
              {"name":"e","type":{"type":"enum","name":"Color","symbols":["RED","GREEN"]}},
              {"name":"oe","type":["null","Color"],"default":null},
              {"name":"b","type":"bytes"},{"name":"ob","type":["bytes","null"]},
              {"name":"i","type":"int"},{"name":"oi","type":["null","int"],"default":null},
              {"name":"l","type":"long"},{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"ots","type":["null",{"type":"long","logicalType":"timestamp-millis"}],"default":null},
              {"name":"f","type":"float"},{"name":"d","type":["null","double"],"default":null},
              {"name":"z","type":"boolean"},{"name":"oz","type":["null","boolean"],"default":null}]}""");

    @Test
    void flatSchemasAreWrittenExactlyAsParquetAvroWritesThem(@TempDir Path dir) throws Exception {
        assertThat(FlatRecordWriteSupport.forSchema(ALL_KINDS)).isNotNull();
        Random random = new Random(11);
        List<GenericRecord> records = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            GenericData.Record r = new GenericData.Record(ALL_KINDS);
            String text = switch (i % 4) {
                case 0 -> "";
                case 1 -> "caf\u00e9 \ud83d\ude00 " + i;
                default -> "value-" + random.nextInt(100);
            };
            r.put("s", i % 2 == 0 ? new Utf8(text) : text); // the decoder's Utf8 and plain Strings alike
            r.put("os", random.nextBoolean() ? null : new Utf8("o" + random.nextInt(10)));
            r.put("e", new GenericData.EnumSymbol(ALL_KINDS.getField("e").schema(), random.nextBoolean() ? "RED" : "GREEN"));
            r.put("oe", random.nextBoolean() ? null : new GenericData.EnumSymbol(ALL_KINDS.getField("e").schema(), "GREEN"));
            r.put("b", ByteBuffer.wrap(new byte[] {(byte) i, 0, (byte) 0xff}));
            r.put("ob", random.nextBoolean() ? null : ByteBuffer.wrap(new byte[random.nextInt(5)]));
            r.put("i", random.nextInt());
            r.put("oi", random.nextBoolean() ? null : random.nextInt(1000));
            r.put("l", random.nextLong());
            r.put("ts", 1_700_000_000_000L + i);
            r.put("ots", random.nextBoolean() ? null : 1_700_000_000_000L - i);
            r.put("f", random.nextFloat());
            r.put("d", random.nextBoolean() ? null : random.nextGaussian());
            r.put("z", random.nextBoolean());
            r.put("oz", random.nextBoolean() ? null : random.nextBoolean());
            records.add(r);
        }
        try (Storage storage = new Storage(dir.toUri())) {
            RecordFileWriter flat = new ParquetRecordWriter(storage.resolve("flat.parquet"), storage.configuration(),
                    ALL_KINDS, new PageCompressors(storage.configuration(), org.apache.parquet.hadoop.metadata.CompressionCodecName.SNAPPY),
                    64 << 10);
            for (GenericRecord r : records) {
                flat.write(r);
            }
            flat.close();
            try (ParquetWriter<GenericRecord> avro = AvroParquetWriter.<GenericRecord>builder(
                    HadoopOutputFile.fromPath(storage.resolve("avro.parquet"), storage.configuration()))
                    .withSchema(ALL_KINDS).withDataModel(GenericData.get()).withConf(storage.configuration()).build()) {
                for (GenericRecord r : records) {
                    avro.write(r);
                }
            }
            ParquetMetadata flatFooter = footer(storage, "flat.parquet");
            ParquetMetadata avroFooter = footer(storage, "avro.parquet");
            assertThat(flatFooter.getFileMetaData().getSchema()).isEqualTo(avroFooter.getFileMetaData().getSchema());
            assertThat(flatFooter.getFileMetaData().getKeyValueMetaData())
                    .containsEntry("parquet.avro.schema", ALL_KINDS.toString())
                    .containsEntry("writer.model.name", "avro");
            List<GenericRecord> fromFlat = readAll(storage, "flat.parquet");
            assertThat(fromFlat).hasSize(records.size()).isEqualTo(readAll(storage, "avro.parquet"));
            assertThat(fromFlat.get(1).get("s")).hasToString("caf\u00e9 \ud83d\ude00 1");
            assertThat(fromFlat.get(0).get("s")).hasToString("");
        }
    }

    @Test
    void nestedSchemasAreLeftToParquetAvro() {
        assertThat(FlatRecordWriteSupport.forSchema(new Schema.Parser().parse("""
                {"type":"record","name":"N","fields":[{"name":"tags","type":{"type":"array","items":"string"}}]}"""))).isNull();
        assertThat(FlatRecordWriteSupport.forSchema(new Schema.Parser().parse("""
                {"type":"record","name":"U","fields":[{"name":"v","type":["null","int","string"]}]}"""))).isNull();
    }

    private static ParquetMetadata footer(Storage storage, String name) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(storage.resolve(name), storage.configuration()))) {
            return reader.getFooter();
        }
    }

    private static List<GenericRecord> readAll(Storage storage, String name) throws Exception {
        List<GenericRecord> out = new ArrayList<>();
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(storage.resolve(name), storage.configuration())).withDataModel(GenericData.get()).build()) {
            for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
                out.add(r);
            }
        }
        return out;
    }

    private static boolean isDictionary(Set<Encoding> encodings) {
        return encodings.contains(Encoding.PLAIN_DICTIONARY) || encodings.contains(Encoding.RLE_DICTIONARY);
    }
}
