package org.activityloader.decode;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Questions about Avro schemas both readers ask. */
final class AvroTypes {
    private AvroTypes() {
    }

    /** The non-null branch of an optional type ({@code ["null", T]}), or the type itself. */
    static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        for (Schema branch : s.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                return branch;
            }
        }
        return s;
    }

    static boolean isTimestamp(Schema s) {
        return s.getType() == Schema.Type.LONG && s.getLogicalType() instanceof LogicalTypes.TimestampMillis;
    }
}
