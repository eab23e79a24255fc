package org.activityloader.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.quartz.CronExpression;

/** The kinds of value job files hold: sizes, durations, counts, fractions, zones, choices, cron expressions. */
final class ValueTypes {
    private ValueTypes() {
    }

    static final ValueType<String> TEXT = of(s -> s, s -> s);

    /** Bytes: {@code 1048576}, {@code 512KB}, {@code 64MB}, {@code 2GB} (binary multiples); more than 0. */
    static final ValueType<Long> SIZE = of(text -> {
        long bytes = ConfigValues.parseSize(text).orElseThrow(() ->
                new ValueType.BadValue("'" + text + "' is not a size; write e.g. 1048576, 512KB, 64MB or 2GB"));
        if (bytes <= 0) {
            throw new ValueType.BadValue("must be greater than 0");
        }
        return bytes;
    }, ValueTypes::formatSize);

    /** {@code 250ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d} or ISO-8601 {@code PT10M}; longer than 0. */
    static final ValueType<Duration> DURATION = of(text -> {
        Duration d = ConfigValues.parseDuration(text);
        if (d == null) {
            throw new ValueType.BadValue("'" + text + "' is not a duration; write e.g. 30s, 10m, 2h or PT10M");
        }
        if (d.isZero() || d.isNegative()) {
            throw new ValueType.BadValue("must be longer than 0");
        }
        return d;
    }, d -> d.isZero() ? "0s" : d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() % 60 != 0 ? d.toSeconds() + "s"
            : d.toMinutes() % 60 != 0 ? d.toMinutes() + "m" : d.toHours() % 24 != 0 ? d.toHours() + "h" : d.toDays() + "d");

    /** A whole number greater than 0 ({@code 1000000} or {@code 1_000_000}). */
    static final ValueType<Long> POSITIVE = of(text -> {
        long n;
        try {
            n = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ValueType.BadValue("'" + text + "' is not a whole number; write e.g. 1000000");
        }
        if (n <= 0) {
            throw new ValueType.BadValue("must be greater than 0, was " + n);
        }
        return n;
    }, String::valueOf);

    /**
     * At most 1,000 open files: each holds a file handle and a share of the writers' memory budget, and
     * past a few hundred the shares are too small to make files worth reading.
     */
    /** A Parquet row group from 16 KB to 1 GB: below it a file is mostly metadata (each row group's, in its footer). */
    static final ValueType<Long> ROW_GROUP_SIZE = checked(SIZE, n -> n >= (16L << 10) && n <= (1L << 30), text -> "'" + text
            + "' is outside 16KB to 1GB; smaller row groups make files that are mostly metadata");

    static final ValueType<Long> OPEN_FILES = checked(POSITIVE, n -> n <= 1000, text -> "'" + text
            + "' is more than 1000 open files; each open file holds a file handle and a share of the memory, use 1 to 1000");

    static final ValueType<Long> SHARDS = checked(POSITIVE, n -> n <= org.activityloader.source.Shard.MAX, text -> "'" + text
            + "' is more than " + org.activityloader.source.Shard.MAX + " shards; use 1 to " + org.activityloader.source.Shard.MAX);

    /** A fraction from 0 to 1: {@code 0.05} or {@code 5%}. */
    static final ValueType<Double> RATIO = of(text -> {
        double value;
        try {
            value = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new ValueType.BadValue("'" + text + "' is not a fraction; write e.g. 0.05 or 5%");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new ValueType.BadValue("must be between 0 and 1 (or 0% and 100%), was " + text);
        }
        return value;
    }, String::valueOf);

    static final ValueType<ZoneId> ZONE = of(text -> {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new ValueType.BadValue("'" + text + "' is not a time zone; use e.g. UTC or Europe/Berlin");
        }
    }, ZoneId::getId);

    /** A Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year]. */
    static final ValueType<String> CRON = checked(TEXT, CronExpression::isValidExpression, text -> "'" + text
            + "' is not a Quartz cron expression; write seconds minutes hours day-of-month month day-of-week, e.g. '0 */15 * * * ?'");

    /** {@code off} or {@code auto}; YAML 1.1 reads a bare {@code off} as false, which is taken for what it was. */
    static final ValueType<CompactionMode> COMPACTION = of(
            text -> text.equalsIgnoreCase("false") ? CompactionMode.OFF : choice(CompactionMode.class).parse(text),
            mode -> mode.name().toLowerCase(Locale.ROOT));

    /** One of the enum's constants, written in lower case. */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        return of(text -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            throw new ValueType.BadValue("'" + text + "' is not one of " + String.join(", ", names));
        }, e -> e.name().toLowerCase(Locale.ROOT));
    }

    /** The type's values that pass the check; {@code problem} says what is wrong with one that does not. */
    static <T> ValueType<T> checked(ValueType<T> type, Predicate<T> ok, java.util.function.Function<String, String> problem) {
        return of(text -> {
            T value = type.parse(text);
            if (!ok.test(value)) {
                throw new ValueType.BadValue(problem.apply(text));
            }
            return value;
        }, type::format);
    }

    private static <T> ValueType<T> of(java.util.function.Function<String, T> parse, java.util.function.Function<T, String> format) {
        return new ValueType<>() {
            @Override
            public T parse(String text) {
                return parse.apply(text);
            }

            @Override
            public String format(T value) {
                return format.apply(value);
            }
        };
    }

    private static String formatSize(long bytes) {
        String[] units = {"", "KB", "MB", "GB", "TB"};
        int unit = 0;
        long n = bytes;
        while (unit < units.length - 1 && n % 1024 == 0 && n >= 1024) {
            n /= 1024;
            unit++;
        }
        return n + units[unit];
    }
}
