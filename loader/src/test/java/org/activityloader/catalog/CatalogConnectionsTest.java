package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pool hands out the connections it keeps, and a database that refuses is said at once, as it would be without it. */
class CatalogConnectionsTest {
    @Test
    void aRefusedConnectionFailsAtOnceWithTheDatabasesReason() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        try (CatalogConnections pool = new CatalogConnections(
                new UrlDataSource("jdbc:postgresql://127.0.0.1:" + closedPort + "/none", "postgres", ""))) {
            long started = System.nanoTime();
            assertThatThrownBy(pool::openConnection).isInstanceOf(SQLException.class)
                    .hasMessageContaining(String.valueOf(closedPort)).hasMessageContaining("refused");
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms, not the pool's whole wait").isLessThan(10_000);
        }
    }

    @Test
    void aConnectionGivenBackIsTheOneTheNextCallGets() throws Exception {
        UrlDataSource source = new UrlDataSource("jdbc:h2:mem:pool-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        try (CatalogConnections pool = new CatalogConnections(source)) {
            Connection first = pool.openConnection();
            Connection inner = first.unwrap(Connection.class);
            first.close();
            try (Connection second = pool.openConnection()) {
                assertThat(second.unwrap(Connection.class)).isSameAs(inner);
            }
            pool.close();
            assertThatThrownBy(pool::openConnection).as("closed with the catalog").isInstanceOf(SQLException.class);
        }
    }
}
