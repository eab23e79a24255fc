package org.activityloader.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activityloader.partition.FileNames;

/**
 * Keeps rejected records, one JSON line each with its origin, reason and the original bytes (as
 * text when they are UTF-8, else base64), in one staged file per topic-partition per run.
 */
public final class DeadLetterWriter implements AutoCloseable {
    /** One JSON object per line: no separator of Jackson's own between root values (it would start each line with a space). */
    private static final JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactoryBuilder().rootValueSeparator((String) null).build();

    private final Storage storage;
    private final String runId;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final List<DeadLetter> entries = new ArrayList<>();

    public DeadLetterWriter(Storage storage, String runId) {
        this.storage = storage;
        this.runId = runId;
    }

    public void reject(String topic, int partition, long offset, long timestamp, byte[] value, String reason)
            throws IOException {
        String name = topic + "-" + partition;
        Open file = open.get(name);
        if (file == null) {
            String finalPath = FileNames.deadLetterFile(runId, topic, partition);
            String staged = FileNames.staged(runId, finalPath);
            CountingStream out = new CountingStream(storage.fileSystem().create(storage.resolve(staged), false));
            file = new Open(finalPath, staged, JSON.createGenerator(out), out);
            open.put(name, file);
        }
        JsonGenerator g = file.json;
        g.writeStartObject();
        g.writeStringField("topic", topic);
        g.writeNumberField("partition", partition);
        g.writeNumberField("offset", offset);
        g.writeStringField("timestamp", Instant.ofEpochMilli(timestamp).toString());
        g.writeStringField("reason", reason);
        if (value == null) {
            g.writeNullField("value");
        } else {
            String text = utf8(value);
            if (text != null) {
                g.writeStringField("value", text);
            } else {
                g.writeStringField("value_base64", Base64.getEncoder().encodeToString(value));
            }
        }
        g.writeEndObject();
        g.writeRaw('\n');
        entries.add(new DeadLetter(topic, partition, offset, reason, file.finalPath));
    }

    private static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Closes and syncs the files; returns every entry (each names its file's final path). */
    public List<DeadLetter> finish() throws IOException {
        for (Open f : open.values()) {
            f.json.close();
            storage.sync(f.stagedPath);
            long size = storage.size(f.stagedPath);
            if (size != f.counter.count) { // read back, as data files are: a short file loses rejected records
                throw new IOException("dead-letter file " + f.stagedPath + " holds " + size + " bytes but "
                        + f.counter.count + " were written to it");
            }
        }
        open.clear();
        return List.copyOf(entries);
    }

    @Override
    public void close() {
        for (Open f : open.values()) {
            try {
                f.json.close();
            } catch (IOException ignored) {
                // failing run: staging is deleted next
            }
        }
        open.clear();
    }

    private record Open(String finalPath, String stagedPath, JsonGenerator json, CountingStream counter) {
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
