package org.activityloader.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Catalog migration 4, on PostgreSQL only: the tables of Quartz's clustered JDBC job store, so
 * that several {@code loader schedule} nodes share one catalog. The DDL is the one the Quartz jar
 * ships ({@code tables_postgres.sql}, read from the jar rather than copied here, so it always fits
 * the Quartz on the class path) without its DROP and COMMIT statements; PostgreSQL runs it in one
 * transaction, so a kill leaves nothing half made. The lock rows are seeded: on a first start with
 * none, concurrent inserts by two nodes abort PostgreSQL's transaction (Quartz issue 647).
 */
public final class QuartzTables implements JavaMigration {
    static final String VERSION = "4";
    /** The scheduler's name in Quartz's tables: every node of the cluster shares it. */
    public static final String SCHEDULER_NAME = "loader";
    private static final String DDL = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(VERSION);
    }

    @Override
    public String getDescription() {
        return "quartz tables";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            for (String sql : statements(ddl())) {
                st.execute(sql);
            }
            for (String lock : List.of("TRIGGER_ACCESS", "STATE_ACCESS")) {
                st.execute("INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('" + SCHEDULER_NAME + "', '" + lock + "')");
            }
        }
    }

    /** The script's statements without comments, DROPs and COMMIT. */
    static List<String> statements(String script) {
        StringBuilder text = new StringBuilder();
        for (String line : script.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String sql : text.toString().split(";")) {
            String s = sql.strip();
            String upper = s.toUpperCase(java.util.Locale.ROOT);
            if (!s.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                out.add(s);
            }
        }
        return out;
    }

    private static String ddl() throws IOException {
        try (InputStream in = QuartzTables.class.getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IOException(DDL + " is not on the class path (is the Quartz jar?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
