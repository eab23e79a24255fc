package org.activityloader.audit;

/** One problem {@code loader verify} found. */
public record Finding(String kind, String detail) {
    public static final String STRAY_FILE = "stray_file";

    @Override
    public String toString() {
        return kind + ": " + detail + (kind.equals(STRAY_FILE) ? " is in the warehouse but not in the catalog" : "");
    }
}
