package org.activityloader.catalog;

import java.sql.Types;
import java.util.function.Function;
import javax.sql.DataSource;
import org.activityloader.config.CatalogSpec;
import org.activityloader.fault.Faults;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The JDBC catalog: migrated to the latest schema (sql/catalog) when opened, then used through
 * the DAOs of this package. Holds no connection between calls.
 *
 * <p>A call that loses its connection ({@link ConnectionLoss}: the database restarting or failing
 * over, the process serving an H2 file leaving) is made again on a new connection, for up to
 * {@link #RECONNECT_PATIENCE}: every change the loader makes outside a transaction is a
 * compare-and-set or idempotent, so asking twice is safe, and its caller reads the row count. A
 * transaction is never repeated blindly: its caller finds out whether it landed ({@link #inTransaction}).
 */
public final class Catalog {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Catalog.class);
    /** How long a call keeps reconnecting: a PostgreSQL restart or an H2 server handing over takes seconds. */
    public static final java.time.Duration RECONNECT_PATIENCE = java.time.Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final java.time.Duration patience;
    /** A call waited out the patience in vain; until one succeeds, calls do not wait (see {@link #reconnecting}). */
    private volatile boolean down;

    private Catalog(Jdbi jdbi, java.time.Duration patience) {
        this.jdbi = jdbi;
        this.patience = patience;
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
        return new Catalog(jdbi, RECONNECT_PATIENCE);
    }

    /** The same catalog, reconnecting for this long at most (tests of a catalog that stays away). */
    public Catalog withPatience(java.time.Duration reconnectFor) {
        return new Catalog(jdbi, reconnectFor);
    }

    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        return reconnecting(() -> jdbi.withHandle(callback));
    }

    /**
     * Runs the work in one transaction: all or nothing. The database's default isolation (read
     * committed on H2 and PostgreSQL) is enough: every change is a compare-and-set. Setting it per
     * call would make a dead connection's error be replaced by the failed reset of the level.
     * Not repeated when the connection is lost: the commit may or may not have landed, which only the
     * caller can tell (the run's state, the offsets); {@link ConnectionLoss#is} says it was a lost connection.
     * Getting the connection is repeated like any call: nothing of the transaction has run then.
     */
    public <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        try (Handle handle = reconnecting(jdbi::open)) {
            return handle.inTransaction(callback);
        }
    }

    public <D, T> T withDao(Class<D> type, Function<D, T> work) {
        return reconnecting(() -> jdbi.withExtension(type, work::apply));
    }

    /**
     * The call, made again on a new connection while it fails by losing its connection, up to the
     * patience. Once a call has waited it out in vain, the catalog is taken to be down: later calls
     * try once, without waiting, until one succeeds (a failing run's clean-up does not wait again).
     */
    private <T> T reconnecting(java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + (down ? 0 : patience.toNanos());
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = call.get();
                down = false;
                return result;
            } catch (RuntimeException e) {
                if (!ConnectionLoss.is(e)) {
                    throw e;
                }
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    down = true;
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warn("the catalog connection was lost ({}); reconnecting for up to {} s", rootMessage(e), patience.toSeconds());
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new CatalogException("interrupted while reconnecting to the catalog", interrupted);
            }
            pause = Math.min(1_000, pause * 2);
        }
    }

    /**
     * The URL with the H2 settings the loader relies on, unless the URL sets them itself.
     * <ul>
     *   <li>WRITE_DELAY=0: H2 writes committed transactions to its file up to half a second later by
     *   default, so a process killed just after a commit loses it (and with it, a run's commit point);
     *   0 writes each commit before it returns.</li>
     *   <li>RETENTION_TIME=2147483647: H2 2.x's MVStore reuses the file's free space once it is older
     *   than the retention time (45 s by default), and a chunk written into reused space is missed by
     *   the recovery of a process killed before the file's header names it: every commit since is lost
     *   (measured: 11 of 50 commits kept across SIGKILLs of the serving process; 50 of 50 with this
     *   setting). Never reusing space while the file is open avoids it; the file is compacted when it
     *   is closed.</li>
     *   <li>DB_CLOSE_DELAY=60: H2 closes a database when its last connection closes, and the catalog
     *   holds none between calls. Keeping it open a minute after the last one spares reopening the file
     *   (and restarting its AUTO_SERVER) for every call of a run, and lets a long-lived process (the
     *   scheduler) close and compact it while it is idle, so that the file does not grow with every
     *   commit it makes.</li>
     * </ul>
     * AUTO_RECONNECT is not set: H2 may send a statement again after an I/O error (an insert could run
     * twice); the catalog reconnects itself, on a new connection, and its changes are compare-and-sets.
     * PostgreSQL needs nothing.
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
        if (!upper.contains(";RETENTION_TIME=")) {
            out += ";RETENTION_TIME=2147483647";
        }
        if (!upper.contains(";DB_CLOSE_DELAY=")) {
            out += ";DB_CLOSE_DELAY=60";
        }
        if (upper.contains(";AUTO_SERVER=TRUE") && !upper.contains(";NETWORK_TIMEOUT=")) {
            out += ";NETWORK_TIMEOUT=60000"; // a stopped serving process fails our calls instead of hanging them
        }
        return out;
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
