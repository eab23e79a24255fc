package org.activityloader.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human forms of sizes ("64MB") and durations ("10m", "PT10M") used in job files. */
public final class ConfigValues {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([KMGT])(?:I?B)?|B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);

    private ConfigValues() {
    }

    /** Bytes from "1048576", "512KB", "64MB", "2GB" (binary multiples); empty if not a size. */
    public static java.util.OptionalLong parseSize(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return java.util.OptionalLong.empty();
        }
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "" -> 0;
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            default -> -1;
        };
        try {
            long number = Long.parseLong(m.group(1));
            if (shift < 0 || number > (Long.MAX_VALUE >> shift)) {
                return java.util.OptionalLong.empty();
            }
            return java.util.OptionalLong.of(number << shift);
        } catch (NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** A duration from "250ms", "30s", "10m", "2h", "1d" or ISO-8601 "PT10M"; null if neither. */
    public static Duration parseDuration(String text) {
        String t = text.trim();
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (NumberFormatException | ArithmeticException e) { // too large to be a duration
                return null;
            }
        }
        try {
            return Duration.parse(t);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
