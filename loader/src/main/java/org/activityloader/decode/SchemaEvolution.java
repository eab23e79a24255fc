package org.activityloader.decode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Whether files written with an activity type's new schema can be read together with the files
 * written with an older one, by the readers that read them: Parquet readers (DuckDB's
 * {@code union_by_name}, Spark's {@code mergeSchema}, Trino, Hive), which match columns by name and
 * fill a missing one with NULL. Pure.
 *
 * <p>Allowed: adding an optional field or one with a default, removing a field, widening int to long
 * or float to double, adding an enum symbol, renaming a field with an alias for its old name.
 * Avro's own rules ({@link SchemaCompatibility}, new schema as reader, old as writer) decide whether
 * two types are compatible; ours differ in two ways: Avro also promotes int and long to float or
 * double and string to bytes, which change a Parquet column's physical type (so are refused here);
 * and Avro refuses making an optional field required, which a Parquet reader does not mind when the
 * field has a default for new records (so that is allowed here, and refused only without a default).
 */
public final class SchemaEvolution {
    private SchemaEvolution() {
    }

    /** One refused change: the field, its type before and after, and why. */
    public record Refusal(String field, String oldType, String newType, String reason) {
        @Override
        public String toString() {
            return "field '" + field + "': " + oldType + " in files already written, " + newType + " now (" + reason + ")";
        }
    }

    /** What refuses the change from {@code old} to {@code now}; empty when files of both can be read together. */
    public static List<Refusal> check(Schema old, Schema now) {
        List<Refusal> out = new ArrayList<>();
        compareRecords("", old, now, out);
        return out;
    }

    private static void compareRecords(String prefix, Schema old, Schema now, List<Refusal> out) {
        Set<String> matched = new HashSet<>();
        List<Schema.Field> added = new ArrayList<>();
        for (Schema.Field f : now.getFields()) {
            Optional<Schema.Field> before = previous(old, f);
            if (before.isEmpty()) {
                added.add(f);
                continue;
            }
            matched.add(before.get().name());
            compareField(prefix + f.name(), before.get(), f, out);
        }
        List<Schema.Field> removed = old.getFields().stream().filter(f -> !matched.contains(f.name())).toList();
        for (Schema.Field f : added) {
            // A field gone and a new one of the same type in its place is taken for a rename: without an alias
            // for the old name, readers would show the old files' values under the old column only.
            Optional<Schema.Field> renamed = removed.stream()
                    .filter(r -> r.pos() == f.pos() && Objects.equals(r.schema(), f.schema())).findFirst();
            if (renamed.isPresent()) {
                out.add(new Refusal(prefix + f.name(), describe(renamed.get().schema()) + " named '" + renamed.get().name() + "'",
                        describe(f.schema()) + " named '" + f.name() + "'", "a rename without an alias: add \"aliases\": [\""
                        + renamed.get().name() + "\"] to '" + f.name() + "'"));
            } else if (!nullable(f.schema()) && !f.hasDefaultValue()) {
                out.add(new Refusal(prefix + f.name(), "absent", describe(f.schema()), "a new required field without a default:"
                        + " make it optional ([\"null\", ...] with \"default\": null) or give it a default"));
            }
        }
    }

    /** The old field a new one continues: the same name, or one of its aliases. */
    private static Optional<Schema.Field> previous(Schema old, Schema.Field f) {
        Schema.Field same = old.getField(f.name());
        if (same != null) {
            return Optional.of(same);
        }
        return f.aliases().stream().map(old::getField).filter(Objects::nonNull).findFirst();
    }

    private static void compareField(String name, Schema.Field old, Schema.Field now, List<Refusal> out) {
        if (nullable(old.schema()) && !nullable(now.schema()) && !now.hasDefaultValue()) {
            out.add(new Refusal(name, describe(old.schema()), describe(now.schema()), "made required without a default: files already"
                    + " written hold nulls in it"));
            return;
        }
        compareTypes(name, old.schema(), now.schema(), out);
    }

    /** Two types, each maybe {@code ["null", T]}: compared by their T, described as they are. */
    private static void compareTypes(String name, Schema beforeAsWritten, Schema afterAsWritten, List<Refusal> out) {
        Schema before = nonNull(beforeAsWritten);
        Schema after = nonNull(afterAsWritten);
        if (before.getType() == Schema.Type.RECORD && after.getType() == Schema.Type.RECORD) {
            compareRecords(name + ".", before, after, out);
            return;
        }
        if (before.getType() == Schema.Type.ARRAY && after.getType() == Schema.Type.ARRAY) {
            compareTypes(name + "[]", before.getElementType(), after.getElementType(), out);
            return;
        }
        if (before.getType() == Schema.Type.MAP && after.getType() == Schema.Type.MAP) {
            compareTypes(name + "{}", before.getValueType(), after.getValueType(), out);
            return;
        }
        if (before.getType() == Schema.Type.ENUM && after.getType() == Schema.Type.ENUM) {
            List<String> lost = before.getEnumSymbols().stream().filter(s -> !after.getEnumSymbols().contains(s)).toList();
            if (!lost.isEmpty()) {
                out.add(new Refusal(name, describe(beforeAsWritten), describe(afterAsWritten), "enum symbol(s) " + lost
                        + " removed: files already written hold them"));
            }
            return;
        }
        if (same(before, after) || widened(before, after)) {
            return;
        }
        boolean avroWould = SchemaCompatibility.checkReaderWriterCompatibility(after, before).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        out.add(new Refusal(name, describe(beforeAsWritten), describe(afterAsWritten), avroWould
                ? "Avro would promote it, but the Parquet column's type changes: only int to long and float to double are widened"
                : "an incompatible type change"));
    }

    private static boolean same(Schema before, Schema after) {
        return before.getType() == after.getType() && Objects.equals(before.getLogicalType(), after.getLogicalType())
                && (before.getType() != Schema.Type.FIXED || before.getFixedSize() == after.getFixedSize());
    }

    private static boolean widened(Schema before, Schema after) {
        return before.getLogicalType() == null && after.getLogicalType() == null
                && (before.getType() == Schema.Type.INT && after.getType() == Schema.Type.LONG
                || before.getType() == Schema.Type.FLOAT && after.getType() == Schema.Type.DOUBLE);
    }

    static boolean nullable(Schema s) {
        return s.getType() == Schema.Type.NULL
                || s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    /** The one non-null branch of {@code ["null", T]}, or the schema itself. */
    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        List<Schema> branches = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
        return branches.size() == 1 ? branches.get(0) : s;
    }

    /** {@code string}, {@code optional long (timestamp-millis)}, {@code enum [A, B]}. */
    static String describe(Schema s) {
        Schema t = nonNull(s);
        String base = t.getType() == Schema.Type.ENUM ? "enum " + t.getEnumSymbols()
                : t.getType().getName() + (t.getLogicalType() == null ? "" : " (" + t.getLogicalType().getName() + ")");
        return (nullable(s) && t != s ? "optional " : "") + base;
    }
}
