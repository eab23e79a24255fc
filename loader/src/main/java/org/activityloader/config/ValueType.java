package org.activityloader.config;

/**
 * How the text of a job file key becomes a checked value, and a value its text again (for the
 * README's defaults and for writing job files). A problem is said as the fix a user needs.
 */
public interface ValueType<T> {
    /** The value, or {@link BadValue} saying what is wrong and how to write it. */
    T parse(String text);

    String format(T value);

    /** A value that is not one: its message is the problem, without the file and key (the caller adds them). */
    final class BadValue extends RuntimeException {
        public BadValue(String problem) {
            super(problem, null, false, false);
        }
    }
}
