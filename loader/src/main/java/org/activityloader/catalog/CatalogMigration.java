package org.activityloader.catalog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a catalog to the schema of sql/catalog, safe against the two things a cron job meets:
 * <ul>
 *   <li>a process killed in the middle of a migration. PostgreSQL runs each migration in one
 *   transaction, so it rolls back; H2 commits each DDL statement, so a kill leaves part of a
 *   script done and unrecorded. Every script is therefore written to be run again from its
 *   start ({@code IF NOT EXISTS}, no renames), and the next open simply runs it again, after it
 *   has undone what an {@code ALTER TABLE} killed halfway leaves ({@link H2CopyRepair}). A script
 *   that failed with an error instead is recorded as failed: its record is removed (Flyway's
 *   repair) and it runs again, for the same reason;</li>
 *   <li>two processes opening a fresh or outdated catalog at once: they take turns under a
 *   {@link MigrationLock}.</li>
 * </ul>
 * A current catalog costs one query: Flyway is loaded only when a migration is due. Flyway does
 * not validate checksums of applied scripts: V1 and V2 were rewritten to be re-runnable after they
 * were first applied, to the same resulting schema ({@code CatalogMigrationIT} checks that).
 */
final class CatalogMigration {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogMigration.class);
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private final String url;
    private final DataSource source;

    CatalogMigration(String url, DataSource source) {
        this.url = url;
        this.source = source;
    }

    void migrate() {
        if (isCurrent()) {
            return;
        }
        try (MigrationLock lock = MigrationLock.take(url, source)) {
            if (url.startsWith("jdbc:h2:")) {
                repairInterruptedAlters();
            }
            Flyway flyway = Flyway.configure()
                    .dataSource(source)
                    .locations("classpath:" + SqlFolder.MIGRATIONS.path())
                    .javaMigrations(isPostgres() ? new org.flywaydb.core.api.migration.JavaMigration[] {new QuartzTables()}
                            : new org.flywaydb.core.api.migration.JavaMigration[0])
                    .validateOnMigrate(false)
                    .loggers("slf4j")
                    .load();
            if (hasFailed(flyway)) {
                flyway.repair();
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw new CatalogException(Catalog.rootMessage(e), e);
        }
    }

    /** Every bundled version is recorded as applied: nothing to do. False when unsure (no history yet). */
    boolean isCurrent() {
        Set<String> bundled = new HashSet<>();
        for (String name : SqlFolder.MIGRATIONS.names()) {
            Matcher m = VERSIONED.matcher(name);
            if (m.matches()) {
                bundled.add(m.group(1));
            }
        }
        if (isPostgres()) {
            bundled.add(QuartzTables.VERSION);
        }
        Set<String> applied = new HashSet<>();
        try (Connection c = source.getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE")) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
        return applied.containsAll(bundled);
    }

    private void repairInterruptedAlters() {
        try (Connection c = source.getConnection()) {
            H2CopyRepair.repair(c, MigrationLock.h2File(url).isEmpty()).forEach(done -> LOG.warn("catalog migration: {}", done));
        } catch (SQLException e) {
            throw new CatalogException("cannot check the catalog for an interrupted ALTER TABLE: " + e.getMessage(), e);
        }
    }

    /** PostgreSQL catalogs also hold the tables of Quartz's clustered job store. */
    private boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    private static boolean hasFailed(Flyway flyway) {
        List<MigrationInfo> all = List.of(flyway.info().all());
        return all.stream().anyMatch(m -> m.getState() == MigrationState.FAILED);
    }
}
