package org.activityloader.report;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code loader sql} accepts: one query that reads (SELECT, WITH, FROM, VALUES, DESCRIBE,
 * SUMMARIZE, EXPLAIN, SHOW, TABLE, or a parenthesized query). Writes, COPY, ATTACH, INSTALL, LOAD, settings and the like are refused
 * here with a clear reason; DuckDB's own sandbox (see {@link WarehouseViews}) refuses file and
 * network access outside the job's files whatever the text. Pure.
 */
public final class SqlGuard {
    private static final List<String> READS = List.of("SELECT", "WITH", "FROM", "VALUES", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "SHOW", "TABLE", "(");
    private static final List<String> REFUSED = List.of("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE", "MERGE",
            "COPY", "EXPORT", "IMPORT", "ATTACH", "DETACH", "INSTALL", "LOAD", "PRAGMA", "SET", "RESET", "CALL", "CHECKPOINT",
            "VACUUM", "USE", "BEGIN", "COMMIT", "ROLLBACK");

    private SqlGuard() {
    }

    /** Why the text is refused, if it is. */
    public static Optional<String> problem(String sql) {
        List<String> words = words(sql);
        if (words.isEmpty()) {
            return Optional.of("no query given");
        }
        if (words.contains(";")) {
            return Optional.of("one query at a time: ';' separates statements");
        }
        for (String w : words) {
            if (REFUSED.contains(w)) {
                return Optional.of(switch (w) {
                    case "COPY", "EXPORT" -> w + " is refused: loader sql only reads (use --format csv and --out for a file)";
                    case "ATTACH", "DETACH" -> w + " is refused: loader sql reads the job's files only";
                    case "INSTALL", "LOAD" -> w + " is refused: no extensions are installed or loaded";
                    case "SET", "RESET", "PRAGMA" -> w + " is refused: the settings are locked";
                    default -> w + " is refused: loader sql is read-only";
                });
            }
        }
        if (!READS.contains(words.get(0))) {
            return Optional.of("'" + words.get(0) + "' is not a query; loader sql runs SELECT (or WITH, FROM, DESCRIBE, ...) only");
        }
        return Optional.empty();
    }

    /**
     * The upper-cased words and ';' of the text, outside string literals ({@code '...'},
     * {@code E'...'} with backslash escapes, {@code $$...$$} and {@code $tag$...$tag$}), quoted names
     * and comments. DuckDB's own parser has the last word ({@link WarehouseViews#notOneQuery}).
     */
    static List<String> words(String sql) {
        List<String> out = new java.util.ArrayList<>();
        String s = sql.strip().replaceAll(";\\s*$", "");
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if ((c == 'E' || c == 'e') && i + 1 < s.length() && s.charAt(i + 1) == '\'' && (i == 0 || !isWordChar(s.charAt(i - 1)))) {
                i = endOfEscapedString(s, i + 2);
            } else if (c == '$' && dollarTag(s, i) != null) {
                String tag = dollarTag(s, i);
                int end = s.indexOf(tag, i + tag.length());
                i = end < 0 ? s.length() : end + tag.length();
            } else if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                i = end < 0 ? s.length() : end + 1;
            } else if (c == '-' && i + 1 < s.length() && s.charAt(i + 1) == '-') {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < s.length() && isWordChar(s.charAt(end))) {
                    end++;
                }
                out.add(s.substring(i, end).toUpperCase(Locale.ROOT));
                i = end;
            } else {
                if (c == ';' || (c == '(' && out.isEmpty())) {
                    out.add(String.valueOf(c));
                }
                i++;
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** {@code $$} or {@code $tag$} opening a dollar-quoted string at {@code i}, or null. */
    private static String dollarTag(String s, int i) {
        if (i > 0 && isWordChar(s.charAt(i - 1))) {
            return null; // part of a name, or a positional parameter such as $1
        }
        int end = i + 1;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
        }
        boolean tagStartsRight = end == i + 1 || !Character.isDigit(s.charAt(i + 1));
        return end < s.length() && s.charAt(end) == '$' && tagStartsRight ? s.substring(i, end + 1) : null;
    }

    /** The index after an {@code E'...'} string whose body starts at {@code i} ({@code \'} and {@code ''} do not end it). */
    private static int endOfEscapedString(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }
}
