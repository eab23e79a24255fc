package org.activityloader.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes what a process killed inside an H2 {@code ALTER TABLE} leaves. H2 alters a table by
 * copying it into {@code <table>_COPY_<session>_<n>} (structure committed first, rows in the
 * statement's transaction), dropping the original and renaming the copy. Killed while copying, it
 * leaves an empty copy beside the intact original: the copy is dropped. Killed between the drop and
 * the rename, it leaves only the copy, rows and constraints complete: the copy becomes the table
 * again. Either way the migration that was running then runs again from its start (every script is
 * re-runnable). Run under the migration lock, before Flyway.
 */
final class H2CopyRepair {
    private static final Pattern COPY = Pattern.compile("(.+)_COPY_\\d+_\\d+");

    private H2CopyRepair() {
    }

    /** What it did, one line per table, for the log; nothing when no ALTER was interrupted. */
    static List<String> repair(Connection c) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                     + " AND TABLE_TYPE = 'BASE TABLE'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, List<String>> copiesOf = new HashMap<>();
        for (String t : tables) {
            Matcher m = COPY.matcher(t);
            if (m.matches()) {
                copiesOf.computeIfAbsent(m.group(1), base -> new ArrayList<>()).add(t);
            }
        }
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : copiesOf.entrySet()) {
            String base = e.getKey();
            List<String> copies = new ArrayList<>(e.getValue());
            if (!tables.contains(base)) {
                String fullest = fullest(c, copies);
                execute(c, "ALTER TABLE \"" + fullest + "\" RENAME TO \"" + base + "\"");
                copies.remove(fullest);
                done.add("table " + base + " was dropped by an ALTER TABLE killed before it renamed its copy: " + fullest
                        + " is " + base + " again");
            }
            for (String copy : copies) {
                execute(c, "DROP TABLE \"" + copy + "\"");
                done.add("dropped " + copy + ", left by an ALTER TABLE of " + base + " that was killed");
            }
        }
        return done;
    }

    /** Of the copies of a table whose original is gone, the one that holds the rows (the others were killed while copying). */
    private static String fullest(Connection c, List<String> copies) throws SQLException {
        String best = copies.get(0);
        long most = -1;
        for (String copy : copies) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + copy + "\"")) {
                rs.next();
                if (rs.getLong(1) > most) {
                    most = rs.getLong(1);
                    best = copy;
                }
            }
        }
        return best;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
