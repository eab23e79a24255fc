package org.activityloader.decode;

import com.fasterxml.jackson.core.JsonToken;

/** JSON tokens as reject reasons name them, and the check that a field's value is of the kind its schema wants. */
final class JsonTokens {
    private JsonTokens() {
    }

    static void expect(boolean ok, String wanted, JsonToken found, String path) {
        if (!ok) {
            throw new SchemaViolation("field '" + path + "' expected " + wanted + ", found " + describe(found));
        }
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
