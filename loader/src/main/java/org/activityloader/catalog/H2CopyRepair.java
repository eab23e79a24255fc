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
 * again, its indexes renamed back. Either way the migration that was running then runs again from
 * its start (every script is re-runnable). Run under the migration lock, before Flyway.
 */
final class H2CopyRepair {
    private static final Pattern COPY = Pattern.compile("(.+)_COPY_(\\d+)_\\d+");
    private static final Pattern CREATED = Pattern.compile("(?i)CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)");

    private H2CopyRepair() {
    }

    /**
     * What it did, one line per table, for the log; nothing when no ALTER was interrupted. Only
     * copies of the catalog's own tables are touched; where another process may be migrating now (a
     * catalog over TCP: no lock file keeps it out), only those of a session that is gone. A copy holding rows beside its
     * table is not H2's (H2's keeps its rows in the ALTER's transaction, rolled back when killed): it is
     * left alone, with a warning.
     *
     * @param othersMayMigrate false when this process holds the migration's lock file: session ids
     *                         start again from 1 when H2 reopens a file, so a live session may have the
     *                         number of a dead one
     */
    static List<String> repair(Connection c, boolean othersMayMigrate) throws SQLException {
        Set<String> ours = catalogTables();
        Set<String> liveSessions = othersMayMigrate ? strings(c, "SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS") : Set.of();
        Set<String> tables = strings(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                + " AND TABLE_TYPE = 'BASE TABLE'");
        Map<String, List<String>> copiesOf = new HashMap<>();
        for (String t : tables) {
            Matcher m = COPY.matcher(t);
            if (m.matches() && ours.contains(m.group(1)) && !liveSessions.contains(m.group(2))) {
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
                renameIndexes(c, base, fullest);
                copies.remove(fullest);
                done.add("table " + base + " was dropped by an ALTER TABLE killed before it renamed its copy: " + fullest
                        + " is " + base + " again");
            }
            for (String copy : copies) {
                if (rows(c, copy) > 0) {
                    done.add("left " + copy + " alone: it holds rows, so it is not what a killed ALTER TABLE of " + base
                            + " leaves; drop it by hand if it is not needed");
                    continue;
                }
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
            long rows = rows(c, copy);
            if (rows > most) {
                most = rows;
                best = copy;
            }
        }
        return best;
    }

    private static long rows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The copy's indexes carry its name as a prefix until H2 renames them after the table: they get the table's names back. */
    private static void renameIndexes(Connection c, String base, String copy) throws SQLException {
        for (String name : strings(c, "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC'"
                + " AND TABLE_NAME = '" + base + "'")) {
            if (name.startsWith(copy + "_")) {
                execute(c, "ALTER INDEX \"" + name + "\" RENAME TO \"" + name.substring(copy.length() + 1) + "\"");
            }
        }
    }

    /** The first column of a query's rows. */
    private static Set<String> strings(Connection c, String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** The tables the catalog's migrations create, as H2 names them (upper case). */
    private static Set<String> catalogTables() {
        Set<String> names = new HashSet<>();
        for (String script : SqlFolder.MIGRATIONS.names()) {
            Matcher m = CREATED.matcher(SqlFolder.MIGRATIONS.read(script).orElse(""));
            while (m.find()) {
                names.add(m.group(1).toUpperCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
