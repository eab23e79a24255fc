package org.activityloader.commit;

import java.nio.file.Path;
import org.activityloader.config.CatalogSpec;
import org.activityloader.testing.TestCatalogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep on PostgreSQL, the production catalog. */
@Tag("postgres")
class CatalogSweepPostgresIT extends CatalogSweepContract {
    private CatalogSpec postgres;

    @Override
    CatalogSpec catalog(Path dir) {
        postgres = TestCatalogs.freshPostgres();
        return postgres;
    }

    @AfterEach
    void drop() {
        if (postgres != null) {
            TestCatalogs.dropPostgres(postgres);
        }
    }

    @Test
    void manyCommandsOnOnePostgresCatalog(@TempDir Path dir) throws Exception {
        sweep(dir, Long.getLong("sweep.seed", System.nanoTime() & 0xffff));
    }
}
