package org.activityloader.catalog;

import java.sql.Types;
import java.util.function.Function;
import javax.sql.DataSource;
import org.activityloader.config.CatalogSpec;
import org.activityloader.fault.Faults;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The JDBC catalog: migrated to the latest schema (sql/catalog) when opened, then used through
 * the DAOs of this package. Holds no connection between calls.
 */
public final class Catalog {
    private final Jdbi jdbi;

    private Catalog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public static Catalog open(CatalogSpec spec) {
        return open(spec, Faults.NONE);
    }

    /** Opens the catalog, migrating it first; {@code faults} reach {@link org.activityloader.fault.FaultPoint#MIGRATION_STATEMENT}. */
    public static Catalog open(CatalogSpec spec, Faults faults) {
        String url = durableUrl(spec.url());
        DataSource source = new UrlDataSource(url, spec.user(), spec.password().value());
        try {
            new CatalogMigration(url, StatementFaults.wrap(source, faults)).migrate();
        } catch (CatalogException e) {
            throw new CatalogException("cannot open the catalog at " + spec.displayUrl() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CatalogException("cannot open the catalog at " + spec.displayUrl() + ": " + rootMessage(e), e);
        }
        Jdbi jdbi = Jdbi.create(source);
        jdbi.installPlugin(new SqlObjectPlugin());
        // Run states are stored as their lower-case names ('running', 'published', ...).
        jdbi.registerArgument(new AbstractArgumentFactory<RunState>(Types.VARCHAR) {
            @Override
            protected Argument build(RunState state, ConfigRegistry config) {
                return (position, statement, ctx) -> statement.setString(position, state.value());
            }
        });
        jdbi.registerColumnMapper(RunState.class, (rs, column, ctx) -> RunState.of(rs.getString(column)));
        return new Catalog(jdbi);
    }

    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        return jdbi.withHandle(callback);
    }

    /**
     * Runs the work in one transaction: all or nothing. The database's default isolation (read
     * committed on H2 and PostgreSQL) is enough: every change is a compare-and-set. Setting it per
     * call would make a dead connection's error be replaced by the failed reset of the level.
     */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        return jdbi.inTransaction(callback);
    }

    public <D, T> T withDao(Class<D> type, Function<D, T> work) {
        return jdbi.withExtension(type, work::apply);
    }

    /**
     * The URL with the H2 settings the loader relies on, unless the URL sets them itself. H2 writes
     * committed transactions to its file up to a second later by default, so a process killed just
     * after a commit loses it (and with it, the commit point of a run): WRITE_DELAY=0 writes each
     * commit at once. With AUTO_SERVER, the process that opened the file first serves it to the
     * others and takes the server along when it exits (a short {@code status} beside a cron run):
     * AUTO_RECONNECT=TRUE lets the others reconnect instead of failing. H2 closes a database when
     * its last connection closes, and the catalog holds none between calls: DB_CLOSE_DELAY=-1 keeps
     * it open until the process exits, instead of reopening the file (and restarting its server)
     * for every call. PostgreSQL needs nothing.
     */
    static String durableUrl(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String out = url;
        if (!upper.contains(";WRITE_DELAY=")) {
            out += ";WRITE_DELAY=0";
        }
        if (!upper.contains(";DB_CLOSE_DELAY=")) {
            out += ";DB_CLOSE_DELAY=-1";
        }
        if (upper.contains(";AUTO_SERVER=TRUE") && !upper.contains(";AUTO_RECONNECT=")) {
            out += ";AUTO_RECONNECT=TRUE";
        }
        return out;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
