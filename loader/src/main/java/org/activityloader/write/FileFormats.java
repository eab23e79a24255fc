package org.activityloader.write;

import java.io.IOException;
import java.io.InputStream;
import org.activityloader.config.Compression;
import org.activityloader.config.OutputFormat;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Opens writers for, and reads back the record count of, files of each {@link OutputFormat}. The
 * files it opens for a run share its page compressors: close it after the run's files.
 */
public final class FileFormats implements AutoCloseable {
    private final Storage storage;
    private final OutputFormat format;
    private final Compression compression;
    private final long rowGroupBytes;
    private final PageCompressors compressors;

    public FileFormats(Storage storage, OutputFormat format, Compression compression, long rowGroupBytes) {
        this.storage = storage;
        this.format = format;
        this.compression = compression;
        this.rowGroupBytes = rowGroupBytes;
        this.compressors = new PageCompressors(storage.configuration(), ParquetRecordWriter.codec(compression));
    }

    @Override
    public void close() {
        compressors.close();
    }

    public OutputFormat format() {
        return format;
    }

    RecordFileWriter open(String relative, Schema schema) throws IOException {
        Path path = storage.resolve(relative);
        return switch (format) {
            case PARQUET -> new ParquetRecordWriter(path, storage.configuration(), schema, compressors, rowGroupBytes);
            case AVRO -> new AvroRecordWriter(storage.fileSystem(), path, schema, compression);
        };
    }

    /**
     * Records in a finished file, read from the file itself (Parquet footer, Avro block headers):
     * a truncated or corrupt file fails here, before anything is committed.
     */
    public static long countRecords(Storage storage, String relative, OutputFormat format) throws IOException {
        Path path = storage.resolve(relative);
        if (format == OutputFormat.PARQUET) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(path, storage.configuration()))) {
                return reader.getRecordCount();
            }
        }
        long count = 0;
        try (InputStream in = storage.fileSystem().open(path);
             DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
            while (stream.hasNext()) {
                count += stream.getBlockCount();
                stream.nextBlock();
            }
        }
        return count;
    }
}
