package org.activityloader.catalog;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Connections from a JDBC URL, one per call (no pool): the catalog is opened by short-lived commands. */
final class UrlDataSource implements DataSource {
    /**
     * H2's "database may be already in use" and "error opening database" (lock file recently
     * modified): with AUTO_SERVER, another process is just starting to serve the file.
     */
    private static final java.util.Set<Integer> H2_OPENED_BY_ANOTHER_PROCESS = java.util.Set.of(90020, 8000);
    private static final long H2_LOCK_PATIENCE_MILLIS = 10_000;

    private final String url;
    private final String user;
    private final String password;

    UrlDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        long deadline = System.currentTimeMillis() + H2_LOCK_PATIENCE_MILLIS;
        while (true) {
            try {
                return DriverManager.getConnection(url, user, password);
            } catch (SQLException e) {
                // Two processes opening one AUTO_SERVER file at once: the second finds the lock file
                // before the first has written its server's address into it. Asking again a moment
                // later connects it through that server.
                if (!H2_OPENED_BY_ANOTHER_PROCESS.contains(e.getErrorCode()) || !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE")
                        || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
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
