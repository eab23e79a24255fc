package org.activityloader.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Reads an activity type's Avro schema, {@code <dir>/<type>.avsc}, with a one-line message for
 * each way it can be unusable: the file missing or unreadable (and why), not JSON (at which line
 * and column), not a schema Avro accepts, or not a record. The job file's loader checks every
 * schema this way before anything else is touched.
 */
public final class SchemaFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaFiles() {
    }

    /** The parsed schema, or a {@link ConfigException} naming the file and what is wrong with it. */
    public static Schema read(Path dir, String activityType) {
        Path file = dir.resolve(activityType + ".avsc");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw problem(file, "no such file; add it or fix the activity type (or set 'schemas' to the folder of the .avsc files)");
        } catch (AccessDeniedException e) {
            throw problem(file, "cannot be read: permission denied; let the loader's user read it");
        } catch (CharacterCodingException e) {
            throw problem(file, "is not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw problem(file, "cannot be read: " + OneLine.of(e.getClass().getSimpleName() + " " + e.getMessage()));
        }
        try {
            JSON.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw problem(file, "not valid JSON at line " + (at == null ? "?" : at.getLineNr()) + ", column "
                    + (at == null ? "?" : at.getColumnNr()) + ": " + OneLine.of(e.getOriginalMessage()));
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw problem(file, "not a valid Avro schema: " + OneLine.of(e.getMessage()));
        } catch (RuntimeException e) {
            throw problem(file, "not a valid Avro schema: " + OneLine.of(e.getClass().getSimpleName() + " " + e.getMessage()));
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw problem(file, "the schema is a " + schema.getType().getName() + ", not a record; an activity type's events are"
                    + " records: {\"type\": \"record\", \"name\": ..., \"fields\": [...]}");
        }
        if (schema.getFields().isEmpty()) {
            throw problem(file, "the record " + schema.getFullName() + " has no fields");
        }
        return schema;
    }

    private static ConfigException problem(Path file, String what) {
        return new ConfigException(file.toString(), "(schema)", what);
    }
}
