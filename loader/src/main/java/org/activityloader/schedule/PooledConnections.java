package org.activityloader.schedule;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.quartz.utils.ConnectionProvider;

/**
 * Quartz's own connection pool to the PostgreSQL catalog (HikariCP), sized for its threads:
 * Quartz has starved pools it shared elsewhere. Quartz makes it from its properties
 * ({@code org.quartz.dataSource.catalog.*}) through these setters.
 */
public final class PooledConnections implements ConnectionProvider {
    private String url;
    private String user;
    private String password;
    private int maxConnections = 6;
    private HikariDataSource pool;

    public void setUrl(String url) {
        this.url = url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    @Override
    public void initialize() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setMinimumIdle(1);
        config.setPoolName("quartz");
        config.setAutoCommit(false); // JobStoreTX commits itself
        pool = new HikariDataSource(config);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void shutdown() {
        if (pool != null) {
            pool.close();
        }
    }
}
