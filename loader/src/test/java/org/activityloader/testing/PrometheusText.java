package org.activityloader.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (0.0.4), written for the tests: it refuses
 * what node_exporter's textfile collector or a Prometheus server would refuse or warn about: bad
 * metric or label names, unescaped label values, samples before their TYPE, a TYPE given twice,
 * samples with timestamps (the textfile collector skips such files), duplicate series, values that
 * are not numbers, a missing final newline; and it checks the naming conventions (counters end in
 * {@code _total}).
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern HELP = Pattern.compile("# HELP (\\S+) .*");

    private PrometheusText() {
    }

    /** Series, written {@code name{a="x",b="y"}} with labels sorted, to their values. */
    public static Map<String, Double> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Map<String, Double> series = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher t = TYPE.matcher(line);
                Matcher h = HELP.matcher(line);
                if (t.matches()) {
                    if (types.put(t.group(1), t.group(2)) != null) {
                        throw bad(n, line, "TYPE given twice");
                    }
                    if (t.group(2).equals("counter") && !t.group(1).endsWith("_total")) {
                        throw bad(n, line, "a counter's name must end in _total");
                    }
                } else if (h.matches()) {
                    if (!helped.add(h.group(1))) {
                        throw bad(n, line, "HELP given twice");
                    }
                } else if (!line.startsWith("# ")) {
                    throw bad(n, line, "not a comment, HELP or TYPE line");
                }
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, Math.max(space, 0));
            if (!NAME.matcher(name).matches()) {
                throw bad(n, line, "bad metric name '" + name + "'");
            }
            if (!types.containsKey(name) && !types.containsKey(baseOf(name))) {
                throw bad(n, line, "sample before (or without) its TYPE line");
            }
            TreeMap<String, String> labels = new TreeMap<>();
            String rest;
            if (brace >= 0 && brace < space) {
                int close = line.indexOf("} ", brace);
                if (close < 0) {
                    throw bad(n, line, "unterminated labels");
                }
                String body = line.substring(brace + 1, close);
                Matcher m = LABEL.matcher(body);
                int at = 0;
                while (at < body.length()) {
                    if (!m.find(at) || m.start() != at) {
                        throw bad(n, line, "bad label at '" + body.substring(at) + "'");
                    }
                    if (labels.put(m.group(1), m.group(2)) != null) {
                        throw bad(n, line, "label " + m.group(1) + " twice");
                    }
                    at = m.end();
                    if (at < body.length()) {
                        if (body.charAt(at) != ',') {
                            throw bad(n, line, "labels must be separated by commas");
                        }
                        at++;
                    }
                }
                rest = line.substring(close + 2);
            } else {
                rest = line.substring(space + 1);
            }
            String[] parts = rest.trim().split(" ");
            if (parts.length != 1) {
                throw bad(n, line, "a timestamp (or extra text) after the value");
            }
            double value;
            try {
                value = switch (parts[0]) {
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN" -> Double.NaN;
                    default -> Double.parseDouble(parts[0]);
                };
            } catch (NumberFormatException e) {
                throw bad(n, line, "value '" + parts[0] + "' is not a number");
            }
            StringBuilder key = new StringBuilder(name).append('{');
            labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
            if (series.put(key.append('}').toString(), value) != null) {
                throw bad(n, line, "the same series twice");
            }
        }
        return series;
    }

    private static String baseOf(String sample) {
        return sample.replaceFirst("_(bucket|count|sum|max)$", "");
    }

    private static IllegalArgumentException bad(int line, String text, String problem) {
        return new IllegalArgumentException("line " + line + ": " + problem + ": " + text);
    }
}
