package org.activityloader.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes the H2 catalogs a test opened before JUnit deletes its temporary folder. The loader keeps
 * an H2 database open a minute after its last call (DB_CLOSE_DELAY=60), and with AUTO_SERVER its
 * watchdog thread writes the lock file again when it disappears: the deletion of the folder would
 * race with it. Registered for every test through META-INF/services (extension auto-detection).
 */
public final class H2Shutdown implements AfterEachCallback, AfterAllCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        shutDown();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        shutDown();
    }

    /** Closes every H2 catalog this JVM opened, now (a test that wants another process to serve the file first). */
    public static void closeAll() {
        shutDown();
    }

    private static void shutDown() {
        List<String> urls = new ArrayList<>(TestCatalogs.H2_URLS);
        TestCatalogs.H2_URLS.removeAll(urls);
        for (String url : urls) {
            try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", "sa", "");
                 Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException notOpenOrGone) {
                // nothing to close
            }
        }
    }
}
