package org.activityloader.decode;

/** A value that breaks the schema; carries only a message, so no stack trace is filled. */
final class SchemaViolation extends RuntimeException {
    SchemaViolation(String message) {
        super(message, null, false, false);
    }
}
