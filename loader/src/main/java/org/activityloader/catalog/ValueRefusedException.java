package org.activityloader.catalog;

/** The database refused a value a query was given (a data exception: a text where a number goes, a date out of range). */
public final class ValueRefusedException extends RuntimeException {
    public ValueRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
