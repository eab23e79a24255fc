package org.activityloader.write;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file written record by record, whose open row group can be flushed to the file on demand.
 * parquet-java's {@link ParquetWriter} flushes a row group only when it reaches its configured size,
 * so many open files together can hold far more than the heap has; the run's {@link WriteBudget}
 * flushes the largest of them instead. Made of parquet-java's own parts (its file writer, page
 * store and column store), in the order its record writer uses them, so the files are the same.
 */
final class FlushableParquetWriter<T> implements AutoCloseable {
    private final ParquetFileWriter file;
    private final WriteSupport<T> support;
    private final MessageType schema;
    private final Map<String, String> extraMetaData;
    private final ParquetProperties props;
    private final BytesInputCompressor compressor;
    private final long rowGroupBytes;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore columns;
    private RecordConsumer consumer;
    private int rowGroups;
    private long records;
    private long nextSizeCheck;
    private boolean closed;

    /** @param compressor shared by the files of a run ({@link PageCompressors}) */
    FlushableParquetWriter(OutputFile out, Configuration conf, WriteSupport<T> support, BytesInputCompressor compressor,
                           ParquetProperties props, long rowGroupBytes) throws IOException {
        WriteSupport.WriteContext context = support.init(conf);
        this.support = support;
        this.schema = context.getSchema();
        this.extraMetaData = context.getExtraMetaData();
        this.props = props;
        this.rowGroupBytes = rowGroupBytes;
        this.file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.CREATE, rowGroupBytes, 0, null, props);
        file.start();
        this.compressor = compressor;
        startRowGroup();
    }

    void write(T record) throws IOException {
        support.write(record);
        records++;
        if (records >= props.getRowGroupRowCountLimit()) {
            flushRowGroup();
        } else if (records >= nextSizeCheck) {
            // Summing every column's buffers costs: ask again halfway to where the row group would be full.
            long buffered = columns.getBufferedSize();
            if (buffered >= rowGroupBytes) {
                flushRowGroup();
            } else {
                long perRecord = Math.max(1, buffered / records);
                nextSizeCheck = records + Math.max(64, Math.min(10_000, (rowGroupBytes - buffered) / perRecord / 2));
            }
        }
    }

    /** Bytes the open row group holds, encoded (its pages, compressed, and the values of its open pages). */
    long bufferedBytes() {
        return columns.getBufferedSize();
    }

    /** Bytes the open row group's buffers have allocated (at least {@link #bufferedBytes}; dictionaries counted by their encoded size). */
    long allocatedBytes() {
        return columns.getAllocatedSize();
    }

    /** Bytes in the file so far and buffered: what it would hold if closed now (about). */
    long dataSize() throws IOException {
        return file.getPos() + columns.getBufferedSize();
    }

    /** Row groups already in the file: their metadata waits in memory for the footer. */
    int rowGroupsWritten() {
        return rowGroups;
    }

    /** Writes the open row group to the file, freeing what it held; a new one starts with the next record. */
    void flushRowGroup() throws IOException {
        if (records == 0) {
            return;
        }
        consumer.flush();
        file.startBlock(records);
        columns.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
        rowGroups++;
        columns.close();
        pages.close();
        startRowGroup();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            Map<String, String> meta = new HashMap<>(extraMetaData);
            if (support.getName() != null) {
                meta.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, support.getName());
            }
            meta.putAll(support.finalizeWrite().getExtraMetaData());
            file.end(meta);
        } finally {
            columns.close();
            pages.close();
        }
    }

    private void startRowGroup() {
        pages = ColumnChunkPageWriteStore.builder()
                .withCompressorProvider(column -> compressor)
                .withSchema(schema)
                .withAllocator(props.getAllocator())
                .withColumnIndexTruncateLength(props.getColumnIndexTruncateLength())
                .withPageWriteChecksumEnabled(props.getPageWriteChecksumEnabled())
                .withRowGroupOrdinal(rowGroups)
                .build();
        columns = props.newColumnWriteStore(schema, pages, pages);
        consumer = new ColumnIOFactory(false).getColumnIO(schema).getRecordWriter(columns);
        support.prepareForWrite(consumer);
        records = 0;
        nextSizeCheck = props.getMinRowCountForPageSizeCheck();
    }
}
