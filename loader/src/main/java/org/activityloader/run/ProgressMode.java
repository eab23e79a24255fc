package org.activityloader.run;

import java.util.Locale;

/** How a long run shows progress: a bar on a terminal, plain lines in cron mail and CI, or nothing. */
public enum ProgressMode {
    /** A bar when there is a terminal, lines when there is not. */
    AUTO,
    BAR,
    LINES,
    NONE;

    /** AUTO made definite: a bar only when the process has a terminal (the JVM sees a console). */
    public ProgressMode resolved() {
        return this != AUTO ? this : System.console() != null ? BAR : LINES;
    }

    public static ProgressMode of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
