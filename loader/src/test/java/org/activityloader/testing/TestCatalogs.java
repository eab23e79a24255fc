package org.activityloader.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.Secret;
import org.junit.jupiter.api.Assumptions;

/**
 * Catalogs for tests: an H2 file in a temp folder, or a fresh database on the local PostgreSQL
 * server (port 5432, trust auth). Without a reachable PostgreSQL the tests that need it are
 * skipped with a notice, except under CI (CI=true), where they fail.
 */
public final class TestCatalogs {
    private static final String PG_HOST = System.getenv().getOrDefault("LOADER_TEST_PG", "127.0.0.1:5432");
    private static final String PG_ADMIN_URL = "jdbc:postgresql://" + PG_HOST + "/postgres";

    private TestCatalogs() {
    }

    /** URLs of the H2 catalogs tests made, closed after each test by {@link H2Shutdown}. */
    static final java.util.Set<String> H2_URLS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static CatalogSpec h2(Path dir) {
        String url = "jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        H2_URLS.add(url);
        return new CatalogSpec(url, "sa", Secret.NONE);
    }

    /** Creates an empty database for one test class; drop it with {@link #dropPostgres}. */
    public static CatalogSpec freshPostgres() {
        String db = "loader_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("PostgreSQL must be reachable at " + PG_HOST + " under CI: " + e.getMessage(), e);
            }
            System.err.println("NOTICE: PostgreSQL not reachable at " + PG_HOST + " (" + e.getMessage()
                    + "): skipping the PostgreSQL catalog tests");
            Assumptions.abort("PostgreSQL not reachable at " + PG_HOST);
        }
        return new CatalogSpec("jdbc:postgresql://" + PG_HOST + "/" + db, "postgres", Secret.NONE);
    }

    public static void dropPostgres(CatalogSpec spec) {
        String db = spec.url().substring(spec.url().lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + db + ": " + e.getMessage());
        }
    }
}
