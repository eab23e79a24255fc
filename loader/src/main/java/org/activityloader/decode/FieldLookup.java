package org.activityloader.decode;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Finds a record's field by name, and holds the fields' defaults. Jackson hands out field names
 * interned, and events usually list fields in schema order, some left out: the names from the
 * expected one on are compared by reference before the schema's map is asked.
 */
final class FieldLookup {
    private final Schema schema;
    private final String[] names;
    /** Default values, looked up once: Avro's own lookup takes a lock. Avro shares them between records too. */
    final Object[] defaults;

    FieldLookup(Schema schema) {
        this.schema = schema;
        this.names = schema.getFields().stream().map(f -> f.name().intern()).toArray(String[]::new);
        this.defaults = schema.getFields().stream()
                .map(f -> f.hasDefaultValue() ? GenericData.get().getDefaultValue(f) : null).toArray();
    }

    Schema.Field find(String name, int expected) {
        for (int i = expected; i < names.length; i++) {
            if (names[i] == name) {
                return schema.getFields().get(i);
            }
        }
        return schema.getField(name);
    }
}
