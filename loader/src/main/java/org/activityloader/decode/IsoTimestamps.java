package org.activityloader.decode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads ISO-8601 event times with an offset into epoch milliseconds. The common shape,
 * {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM)}, is read straight from the characters: java.time's
 * general parser costs several microseconds per value, a tenth of a run when half the events carry
 * ISO times. Any other shape, and any value out of range, goes to java.time, which accepts or
 * explains it. Fractions beyond milliseconds are truncated, as {@code Instant.toEpochMilli} does.
 */
final class IsoTimestamps {
    static final long NOT_HANDLED = Long.MIN_VALUE;

    private IsoTimestamps() {
    }

    /** The time in epoch milliseconds; a violation naming the field when the text is none, or beyond epoch milliseconds. */
    static long parse(String text, String path) {
        long millis = epochMillis(text);
        if (millis != NOT_HANDLED) {
            return millis;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new SchemaViolation("field '" + path + "' value '" + text + "' is not an ISO-8601 time with offset");
            }
        }
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) { // years beyond +-292,278,994 parse, but do not fit in epoch millis
            throw new SchemaViolation("field '" + path + "' value '" + text + "' is beyond the range of epoch milliseconds");
        }
    }

    /** The common shape read from the characters; {@link #NOT_HANDLED} for any other, or out of range. */
    static long epochMillis(CharSequence s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_HANDLED;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_HANDLED;
        }
        int i = 19;
        int millis = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0 || count > 9) {
                return NOT_HANDLED;
            }
            for (int k = count; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2);
            int om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59 || (oh == 18 && om > 0)) {
                return NOT_HANDLED;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return NOT_HANDLED;
        }
        long epochSecond = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSecond * 1000 + millis;
    }

    /** The value of {@code count} decimal digits at {@code at}, or -1 if one is not a digit. */
    private static int digits(CharSequence s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeap(int year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (year 0 to 9999). */
    private static long epochDay(int year, int month, int day) {
        // Count from March so that the leap day ends a year: then each year's day number is a simple formula.
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }
}
