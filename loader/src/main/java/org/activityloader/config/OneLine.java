package org.activityloader.config;

/**
 * Messages on one line: parsers and drivers put snippets of their input, carets and SQL on lines of
 * their own, which break log lines, cron mails, the catalog's error column and the tables that show it.
 */
public final class OneLine {
    private OneLine() {
    }

    public static String of(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
