package org.activityloader.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** What a registry-aware Avro serializer sends: byte 0, the writer schema's id (4 bytes, big-endian), the binary body. */
public final class RegistryFraming {
    private final int id;
    private final GenericDatumWriter<GenericRecord> writer;
    private BinaryEncoder reuse;

    /** Frames records of {@code schema}, registered in {@code registry} (as a producer's serializer does). */
    public RegistryFraming(SchemaRegistryServer registry, Schema schema) {
        this(registry.register(schema.toString()), schema);
    }

    public RegistryFraming(int id, Schema schema) {
        this.id = id;
        this.writer = new GenericDatumWriter<>(schema);
    }

    public int id() {
        return id;
    }

    public byte[] frame(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        reuse = EncoderFactory.get().directBinaryEncoder(out, reuse);
        try {
            writer.write(record, reuse);
            reuse.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
