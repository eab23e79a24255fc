package org.activityloader.catalog;

import java.util.function.Function;
import org.activityloader.config.CatalogSpec;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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
        String url = durableUrl(spec.url());
        try {
            Flyway.configure()
                    .dataSource(url, spec.user(), spec.password().value())
                    .locations("classpath:sql/catalog")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new CatalogException("cannot open the catalog at " + spec.displayUrl() + ": " + rootMessage(e), e);
        }
        Jdbi jdbi = Jdbi.create(url, spec.user(), spec.password().value());
        jdbi.installPlugin(new SqlObjectPlugin());
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
     * H2 writes committed transactions to its file up to a second later by default, so a process
     * killed just after a commit loses it (and with it, the commit point of a run). WRITE_DELAY=0
     * writes each commit at once; PostgreSQL needs nothing.
     */
    static String durableUrl(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(java.util.Locale.ROOT).contains(";WRITE_DELAY=")) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
