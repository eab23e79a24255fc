package org.activityloader.audit;

/** One problem {@code loader verify} found. */
public record Finding(String kind, String detail) {
    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
