package org.activityloader.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * The catalog's connections: a small pool (HikariCP) that holds none until the first call and
 * lets each go after {@link #IDLE} unused, so that a one-shot command pays nothing for it, a command
 * of many calls makes one connection instead of one per call, and an idle H2 file is closed (and
 * compacted) while a long-lived process does not use it. Each connection is made by {@link UrlDataSource},
 * with its patience for a shared H2 file changing hands and its bound on a stopped serving process.
 *
 * <p>The pool makes connections on a thread of its own and lets a caller wait for one; a database
 * that refuses would keep a caller waiting for the whole wait. Callers wait a moment at a time
 * instead, and once an attempt has failed since they asked, they get its failure, as if they had
 * connected themselves: the catalog's reconnecting then decides, as it does for any lost connection.
 */
final class CatalogConnections implements ConnectionFactory, AutoCloseable {
    /** Connections at most: a run's calls, its lease's heartbeat and a transaction at once, with room to spare. */
    private static final int MAX = 4;
    private static final Duration IDLE = Duration.ofSeconds(10);
    /** One wait for the pool; between two, a failed attempt to connect ends the wait. Also the bound of a check of an idle one. */
    private static final long WAIT_STEP_MILLIS = 500;
    /** How long a caller waits at most while the pool makes no connection and reports no failure (all busy, say). */
    private static final long WAIT_MILLIS = 60_000;

    private final UrlDataSource source;
    private final HikariDataSource pool;

    CatalogConnections(UrlDataSource source) {
        this.source = source;
        HikariConfig config = new HikariConfig();
        config.setPoolName("catalog");
        config.setDataSource(source);
        config.setMinimumIdle(0);
        config.setMaximumPoolSize(MAX);
        config.setIdleTimeout(IDLE.toMillis());
        config.setKeepaliveTime(0);
        config.setConnectionTimeout(WAIT_STEP_MILLIS);
        config.setValidationTimeout(WAIT_STEP_MILLIS);
        config.setInitializationFailTimeout(-1); // no connection when the pool starts
        config.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public Override adjudicate(SQLException e) {
                // H2 reports a broken connection with its own codes, not SQLSTATE 08: never give such a connection out again.
                return ConnectionLoss.is(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
            }
        });
        this.pool = new HikariDataSource(config);
    }

    @Override
    public Connection openConnection() throws SQLException {
        long failuresBefore = source.failures();
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            try {
                return pool.getConnection();
            } catch (SQLTransientConnectionException timedOut) {
                Optional<SQLException> refused = source.failures() > failuresBefore ? source.lastFailure() : Optional.empty();
                if (refused.isPresent()) { // the pool's thread met it: the same failure, for this caller
                    SQLException e = refused.get();
                    throw new SQLException(e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
                }
                if (System.currentTimeMillis() > deadline || pool.isClosed()) {
                    throw timedOut;
                }
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
