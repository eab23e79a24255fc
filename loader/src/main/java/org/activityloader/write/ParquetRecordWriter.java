package org.activityloader.write;

import java.io.IOException;
import org.activityloader.config.Compression;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/** A Parquet file written from Avro records; the Avro schema defines the columns. */
final class ParquetRecordWriter implements RecordFileWriter {
    /** Field property of the Avro schemas: {@code "parquet.dictionary": false} turns dictionary encoding off. */
    static final String NO_DICTIONARY = "parquet.dictionary";

    private final ParquetWriter<GenericRecord> writer;

    ParquetRecordWriter(Path path, Configuration conf, Schema schema, Compression compression, long rowGroupBytes)
            throws IOException {
        AvroParquetWriter.Builder<GenericRecord> builder = AvroParquetWriter.<GenericRecord>builder(HadoopOutputFile.fromPath(path, conf));
        // Unique columns (ids) gain nothing from a dictionary but cost a hash lookup per value; the
        // schema marks them, so the Avro schema stays the single source of the column layout.
        for (Schema.Field field : schema.getFields()) {
            if (Boolean.FALSE.equals(field.getObjectProp(NO_DICTIONARY))) {
                builder.withDictionaryEncoding(field.name(), false);
            }
        }
        this.writer = builder
                .withSchema(schema)
                .withDataModel(GenericData.get())
                .withConf(conf)
                .withCompressionCodec(codec(compression))
                .withRowGroupSize(rowGroupBytes)
                .withPageSize((int) Math.min(1 << 20, rowGroupBytes))
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .build();
    }

    private static CompressionCodecName codec(Compression c) {
        return switch (c) {
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
            case GZIP -> CompressionCodecName.GZIP;
            case NONE -> CompressionCodecName.UNCOMPRESSED;
        };
    }

    @Override
    public void write(GenericRecord record) throws IOException {
        writer.write(record);
    }

    @Override
    public long dataSize() {
        return writer.getDataSize();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
