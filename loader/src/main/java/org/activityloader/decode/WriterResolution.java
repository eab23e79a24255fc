package org.activityloader.decode;

import static org.activityloader.decode.AvroTypes.isTimestamp;
import static org.activityloader.decode.AvroTypes.nonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Whether records of a producer's (writer) schema can be read as an activity type's: Avro's own
 * {@link SchemaCompatibility}, and three rules of ours where Avro would read records it should
 * not: a timestamp in another unit (read as a long, a thousand times off), {@code bytes} read as a
 * {@code string} (never checked to be UTF-8, which Parquet readers refuse), and an enum or fixed of
 * another full name (SchemaCompatibility compares short names, Avro's reader full names: every record
 * would then fail to read). Pure.
 */
final class WriterResolution {
    private static final Pattern FIELD_AT = Pattern.compile("/fields/(\\d+)");

    private WriterResolution() {
    }

    /** Why records of {@code writer} cannot be read as {@code type}; empty when they can. */
    static Optional<String> problem(Schema type, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(type, writer);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            List<SchemaCompatibility.Incompatibility> problems = pair.getResult().getIncompatibilities();
            return Optional.of(problems.stream().limit(3).map(p -> where(type, p.getLocation()) + p.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        return ours(type, writer, "");
    }

    /** The writer's fields the type does not have (skipped when read, counted as unknown fields). */
    static int unknownFields(Schema type, Schema writer) {
        if (type.getType() != Schema.Type.RECORD || writer.getType() != Schema.Type.RECORD) {
            return 0;
        }
        return (int) writer.getFields().stream().filter(w -> type.getFields().stream()
                .noneMatch(f -> writerField(writer, f) == w)).count();
    }

    private static Optional<String> ours(Schema reader, Schema writer, String field) {
        Schema r = nonNull(reader);
        Schema w = nonNull(writer);
        if (isTimestamp(r) && w.getType() == Schema.Type.LONG && w.getLogicalType() != null && !isTimestamp(w)) {
            LogicalType written = w.getLogicalType();
            return Optional.of("field " + field + " is written as " + written.getName() + "; the type has timestamp-millis");
        }
        if (r.getType() == Schema.Type.STRING && w.getType() == Schema.Type.BYTES) {
            return Optional.of("field " + field + " is bytes in the producer's schema and a string in the type's: bytes are"
                    + " not checked to be UTF-8 text; make both string, or the type's field bytes");
        }
        if ((r.getType() == Schema.Type.ENUM || r.getType() == Schema.Type.FIXED) && r.getType() == w.getType()
                && !r.getFullName().equals(w.getFullName()) && !r.getAliases().contains(w.getFullName())) {
            return Optional.of("field " + field + " is " + r.getType().getName() + " " + w.getFullName() + " in the producer's"
                    + " schema and " + r.getFullName() + " in the type's: Avro matches them by full name; give the type's"
                    + " " + r.getType().getName() + " the alias \"" + w.getFullName() + "\"");
        }
        if (r.getType() == Schema.Type.RECORD && w.getType() == Schema.Type.RECORD) {
            for (Schema.Field f : r.getFields()) {
                Schema.Field match = writerField(w, f);
                Optional<String> p = match == null ? Optional.empty()
                        : ours(f.schema(), match.schema(), field.isEmpty() ? f.name() : field + "." + f.name());
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        if (r.getType() == Schema.Type.ARRAY && w.getType() == Schema.Type.ARRAY) {
            return ours(r.getElementType(), w.getElementType(), field + "[]");
        }
        if (r.getType() == Schema.Type.MAP && w.getType() == Schema.Type.MAP) {
            return ours(r.getValueType(), w.getValueType(), field + "{}");
        }
        return Optional.empty();
    }

    /** The type's field an incompatibility's location ({@code /fields/9/type}, a pointer into the type's schema) is in. */
    private static String where(Schema type, String location) {
        Matcher m = FIELD_AT.matcher(location);
        return type.getType() == Schema.Type.RECORD && m.lookingAt() && Integer.parseInt(m.group(1)) < type.getFields().size()
                ? "field " + type.getFields().get(Integer.parseInt(m.group(1))).name() + ": " : "";
    }

    /** The writer's field a field of the type reads: by its name, else by one of its aliases. */
    private static Schema.Field writerField(Schema writer, Schema.Field typeField) {
        Schema.Field w = writer.getField(typeField.name());
        for (String alias : typeField.aliases()) {
            w = w != null ? w : writer.getField(alias);
        }
        return w;
    }
}
