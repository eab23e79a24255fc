package org.activityloader.config;

/** A password or key: its value never appears in toString, logs or error messages. */
public record Secret(String value) {
    public static final Secret NONE = new Secret("");

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "******";
    }
}
