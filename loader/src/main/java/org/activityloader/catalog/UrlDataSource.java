package org.activityloader.catalog;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections from a JDBC URL, each made anew (the catalog's pool, {@link CatalogConnections}, keeps
 * them between calls). Counts the attempts that failed, so that a caller waiting for the pool can
 * tell that the database refused, and why.
 */
final class UrlDataSource implements DataSource {
    /** How long a connection to a shared H2 file is asked for while its serving process changes. */
    private static final long H2_HANDOVER_PATIENCE_MILLIS = 30_000;
    /**
     * How long one connection attempt to a shared H2 file may take: H2 asks the serving process named in
     * the lock file over a socket without a timeout, so a stopped (not dead) process would hang us for good.
     */
    private static final long H2_CONNECT_TIMEOUT_MILLIS = 10_000;

    private final String url;
    private final String user;
    private final String password;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private volatile SQLException lastFailure;

    UrlDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            return connect();
        } catch (SQLException e) {
            lastFailure = e;
            failures.incrementAndGet();
            throw e;
        }
    }

    /** How many connection attempts have failed so far. */
    long failures() {
        return failures.get();
    }

    /** Why the last attempt failed, if one did. */
    java.util.Optional<SQLException> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure);
    }

    private Connection connect() throws SQLException {
        long deadline = System.currentTimeMillis() + H2_HANDOVER_PATIENCE_MILLIS;
        boolean shared = url.startsWith("jdbc:h2:") && url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
        long pause = 50;
        while (true) {
            try {
                return shared ? connectWithin(H2_CONNECT_TIMEOUT_MILLIS) : DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                // With AUTO_SERVER the process serving the file may be starting (its address not yet in the lock file),
                // or leaving (the address in the lock file refuses; after a SIGKILL its lock file must grow old first,
                // about 3.5 s): asking again a moment later connects through the next server, or makes this one it.
                if (!shared || !ConnectionLoss.is(e) || System.currentTimeMillis() + pause > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(500, pause * 2);
            }
        }
    }

    /** One attempt on a daemon thread, given up (left to finish or hang by itself) after {@code millis}. */
    private Connection connectWithin(long millis) throws SQLException {
        FutureTask<Connection> attempt = new FutureTask<>(() -> DriverManager.getConnection(url, user, password));
        Thread thread = new Thread(attempt, "catalog-connect");
        thread.setDaemon(true);
        thread.start();
        try {
            return attempt.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw new SQLTransientConnectionException("no answer within " + millis / 1000 + " s from the process serving the"
                    + " H2 catalog file (is it stopped?)", "08001");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new SQLException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            attempt.cancel(true);
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while connecting to the catalog", "08001", e);
        }
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        return DriverManager.getConnection(url, username, pass);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no driver-level logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
