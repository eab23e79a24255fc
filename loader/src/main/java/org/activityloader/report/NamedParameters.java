package org.activityloader.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's {@code :name} parameters turned into JDBC's {@code ?} (DuckDB's driver binds by
 * position only), outside string literals, quoted names and comments, and not {@code ::} casts. Pure.
 *
 * @param names the parameter of each {@code ?}, in order
 */
record NamedParameters(String sql, List<String> names) {
    static NamedParameters of(String text) {
        StringBuilder out = new StringBuilder();
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                end = end < 0 ? text.length() - 1 : end;
                out.append(text, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? text.length() : end;
                out.append(text, i, end);
                i = end;
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                names.add(text.substring(i + 1, end));
                out.append('?');
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedParameters(out.toString(), names);
    }
}
