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
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;

/** A Parquet file written from Avro records; the Avro schema defines the columns. */
final class ParquetRecordWriter implements RecordFileWriter {
    /** Field properties of the Avro schemas: {@code false} turns the column's dictionary or min/max statistics off. */
    static final String DICTIONARY = "parquet.dictionary";
    static final String STATISTICS = "parquet.statistics";

    private final ParquetWriter<GenericRecord> writer;

    ParquetRecordWriter(Path path, Configuration conf, Schema schema, Compression compression, long rowGroupBytes)
            throws IOException {
        OutputFile file = HadoopOutputFile.fromPath(path, conf);
        FlatRecordWriteSupport flat = FlatRecordWriteSupport.forSchema(schema);
        this.writer = flat != null
                ? build(new FlatBuilder(file, flat), conf, schema, compression, rowGroupBytes)
                : build(AvroParquetWriter.<GenericRecord>builder(file).withSchema(schema).withDataModel(GenericData.get()),
                        conf, schema, compression, rowGroupBytes);
    }

    private static <B extends ParquetWriter.Builder<GenericRecord, B>> ParquetWriter<GenericRecord> build(
            B builder, Configuration conf, Schema schema, Compression compression, long rowGroupBytes) throws IOException {
        // Columns of (nearly) unique values gain little from a dictionary but cost a hash lookup per
        // value, and random ids gain nothing from min/max statistics but cost a comparison per value.
        // The schema marks them, so the Avro schema stays the single source of the column layout.
        for (Schema.Field field : schema.getFields()) {
            if (Boolean.FALSE.equals(field.getObjectProp(DICTIONARY))) {
                builder.withDictionaryEncoding(field.name(), false);
            }
            if (Boolean.FALSE.equals(field.getObjectProp(STATISTICS))) {
                builder.withStatisticsEnabled(field.name(), false);
            }
        }
        return builder
                .withConf(conf)
                .withCompressionCodec(codec(compression))
                .withRowGroupSize(rowGroupBytes)
                .withPageSize((int) Math.min(1 << 20, rowGroupBytes))
                // Size statistics (per-page byte counts and level histograms) serve no reader we know of.
                .withSizeStatisticsEnabled(false)
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

    private static final class FlatBuilder extends ParquetWriter.Builder<GenericRecord, FlatBuilder> {
        private final FlatRecordWriteSupport support;

        FlatBuilder(OutputFile file, FlatRecordWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected FlatBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
