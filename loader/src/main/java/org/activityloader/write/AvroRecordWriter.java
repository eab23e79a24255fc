package org.activityloader.write;

import java.io.IOException;
import org.activityloader.config.Compression;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** An Avro object container file. */
final class AvroRecordWriter implements RecordFileWriter {
    private static final int BLOCK_BYTES = 64 << 10;

    private final FSDataOutputStream out;
    private final DataFileWriter<GenericRecord> writer;

    AvroRecordWriter(FileSystem fs, Path path, Schema schema, Compression compression) throws IOException {
        this.out = fs.create(path, false);
        this.writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema));
        writer.setCodec(switch (compression) {
            case SNAPPY -> CodecFactory.snappyCodec();
            case ZSTD -> CodecFactory.zstandardCodec(3);
            case GZIP -> CodecFactory.deflateCodec(6);
            case NONE -> CodecFactory.nullCodec();
        });
        writer.setSyncInterval(BLOCK_BYTES);
        writer.create(schema, out);
    }

    @Override
    public void write(GenericRecord record) throws IOException {
        writer.append(record);
    }

    @Override
    public long dataSize() {
        return out.getPos();
    }

    /** A block of Avro's sync interval at most (64 KB), until it is written. */
    @Override
    public long heldBytes() {
        return BLOCK_BYTES;
    }

    @Override
    public void flush() throws IOException {
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
