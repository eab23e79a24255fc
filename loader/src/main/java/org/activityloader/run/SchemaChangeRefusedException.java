package org.activityloader.run;

/** A changed schema that files already written cannot be read with, refused before a record is read. */
public final class SchemaChangeRefusedException extends RuntimeException {
    public SchemaChangeRefusedException(String message) {
        super(message);
    }
}
