package org.activityloader.catalog;

import org.activityloader.config.CatalogSpec;
import org.activityloader.fault.Faults;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * The JDBC catalog: migrated to the latest schema (sql/catalog) when opened, then used through its
 * facades, each named by what it keeps ({@link #runs}, {@link #manifest}, {@link #offsets}, ...,
 * {@link #schemas}, {@link #identity}, {@link #schedulerNodes}, {@link #reports}).
 * Every call of a facade is made on one connection of a small pool ({@code CatalogConnections}),
 * closed with the catalog, and made again on a new one if its connection is lost
 * ({@code ReconnectingCalls}, for up to {@link #RECONNECT_PATIENCE}). A transaction is never repeated
 * blindly: its caller finds out whether it landed ({@link #inTransaction}).
 */
public final class Catalog extends CatalogFacades implements AutoCloseable {
    /** How long a call keeps reconnecting: a PostgreSQL restart or an H2 server handing over takes seconds. */
    public static final java.time.Duration RECONNECT_PATIENCE = java.time.Duration.ofSeconds(30);

    private final CatalogConnections connections;
    private final ReconnectingCalls calls;

    private Catalog(CatalogConnections connections, ReconnectingCalls calls) {
        super(calls);
        this.connections = connections;
        this.calls = calls;
    }

    public static Catalog open(CatalogSpec spec) {
        return open(spec, Faults.NONE);
    }

    /** Opens the catalog, migrating it first; {@code faults} reach {@link org.activityloader.fault.FaultPoint#MIGRATION_STATEMENT}. */
    public static Catalog open(CatalogSpec spec, Faults faults) {
        String url = durableUrl(spec.url());
        UrlDataSource source = new UrlDataSource(url, spec.user(), spec.password().value());
        try {
            new CatalogMigration(url, StatementFaults.wrap(source, faults)).migrate();
        } catch (CatalogException e) {
            throw new CatalogException("cannot open the catalog at " + spec.displayUrl() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CatalogException("cannot open the catalog at " + spec.displayUrl() + ": " + rootMessage(e), e);
        }
        CatalogConnections connections = new CatalogConnections(source);
        return new Catalog(connections, new ReconnectingCalls(CatalogJdbi.over(connections), RECONNECT_PATIENCE));
    }

    /** The same catalog, its calls reconnecting for this long at most (tests of a catalog that stays away); closing either closes both. */
    public Catalog withPatience(java.time.Duration reconnectFor) {
        return new Catalog(connections, calls.withPatience(reconnectFor));
    }

    /** The schemas data files were written with. */
    public Schemas schemas() {
        return new Schemas(calls);
    }

    /** This catalog's id, which a warehouse is marked with. */
    public CatalogIdentity identity() {
        return new CatalogIdentity(calls);
    }

    /** The {@code loader schedule} nodes that fire each job. */
    public SchedulerNodes schedulerNodes() {
        return new SchedulerNodes(calls);
    }

    /** The reports that read the catalog itself. */
    public CatalogReports reports() {
        return new CatalogReports(this);
    }

    /**
     * Does the work in one transaction, all or nothing, through the facades of {@link CatalogTransaction}.
     * The database's default isolation (read committed on H2 and PostgreSQL) is enough: every change is
     * a compare-and-set. Setting it per call would make a dead connection's error be replaced by the
     * failed reset of the level. Not repeated when the connection is lost: the commit may or may not
     * have landed, which only the caller can tell (the run's state, the offsets); {@link ConnectionLoss#is}
     * says it was a lost connection. Getting the connection is repeated like any call: nothing of the
     * transaction has run then.
     */
    public <T> T inTransaction(java.util.function.Function<CatalogTransaction, T> work) {
        return inOneTransaction(h -> work.apply(new CatalogTransaction(new TransactionCalls(h))));
    }

    /** One transaction on one handle, as {@link #inTransaction} says. */
    <T> T inOneTransaction(HandleCallback<T, RuntimeException> work) {
        try (Handle handle = calls.open()) {
            return handle.inTransaction(work);
        }
    }

    /** One call on a handle of its own (tests of this package reach the tables with it). */
    <T> T read(HandleCallback<T, RuntimeException> work) {
        return calls.call(work);
    }

    /** Closes the pool's connections; a call after this fails. */
    @Override
    public void close() {
        connections.close();
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
     *   <li>DB_CLOSE_DELAY=60: H2 closes a database when its last connection closes, and the catalog's
     *   pool lets its connections go once idle. Keeping it open a minute after the last one spares
     *   reopening the file (and restarting its AUTO_SERVER) between the calls of a run, and lets a
     *   long-lived process (the scheduler) close and compact it while it is idle, so that the file does
     *   not grow with every commit it makes.</li>
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
