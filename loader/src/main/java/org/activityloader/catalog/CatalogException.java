package org.activityloader.catalog;

/** The catalog cannot be reached or refused a change. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
