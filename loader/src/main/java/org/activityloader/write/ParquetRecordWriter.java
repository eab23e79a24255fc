package org.activityloader.write;

import java.io.IOException;
import org.activityloader.config.Compression;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;

/** A Parquet file written from Avro records; the Avro schema defines the columns. */
final class ParquetRecordWriter implements RecordFileWriter {
    /** Field properties of the Avro schemas: {@code false} turns the column's dictionary or min/max statistics off. */
    static final String DICTIONARY = "parquet.dictionary";
    static final String STATISTICS = "parquet.statistics";
    /**
     * A column's dictionary is given up for plain values past this many encoded bytes. Each entry costs
     * the heap several times its encoded size (an object, a copy of the value, a hash slot): a
     * dictionary of high-cardinality strings at Parquet's default (the page size, 1 MB) held 4 MB or
     * more per column per open file.
     */
    static final int DICTIONARY_BYTES = 256 << 10;

    private final FlushableParquetWriter<GenericRecord> writer;

    ParquetRecordWriter(Path path, Configuration conf, Schema schema, PageCompressors compressors, long rowGroupBytes)
            throws IOException {
        FlatRecordWriteSupport flat = FlatRecordWriteSupport.forSchema(schema);
        WriteSupport<GenericRecord> support = flat != null ? flat
                : new AvroWriteSupport<>(new AvroSchemaConverter(conf).convert(schema), schema, GenericData.get());
        this.writer = new FlushableParquetWriter<>(HadoopOutputFile.fromPath(path, conf), conf, support, compressors,
                properties(schema, rowGroupBytes), rowGroupBytes);
    }

    private static ParquetProperties properties(Schema schema, long rowGroupBytes) {
        // Columns of (nearly) unique values gain little from a dictionary but cost a hash lookup per
        // value, and random ids gain nothing from min/max statistics but cost a comparison per value.
        // The schema marks them, so the Avro schema stays the single source of the column layout.
        ParquetProperties.Builder props = ParquetProperties.builder()
                .withPageSize((int) Math.min(1 << 20, rowGroupBytes))
                .withDictionaryPageSize(DICTIONARY_BYTES)
                // Size statistics (per-page byte counts and level histograms) serve no reader we know of.
                .withSizeStatisticsEnabled(false);
        for (Schema.Field field : schema.getFields()) {
            if (Boolean.FALSE.equals(field.getObjectProp(DICTIONARY))) {
                props.withDictionaryEncoding(field.name(), false);
            }
            if (Boolean.FALSE.equals(field.getObjectProp(STATISTICS))) {
                props.withStatisticsEnabled(field.name(), false);
            }
        }
        return props.build();
    }

    static CompressionCodecName codec(Compression c) {
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
    public long dataSize() throws IOException {
        return writer.dataSize();
    }

    @Override
    public int rowGroupsInFooter() {
        return writer.rowGroupsWritten();
    }

    @Override
    public long heldBytes() {
        return writer.allocatedBytes();
    }

    @Override
    public void flush() throws IOException {
        writer.flushRowGroup();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
