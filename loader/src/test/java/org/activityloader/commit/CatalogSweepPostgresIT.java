package org.activityloader.commit;

import java.nio.file.Path;
import org.activityloader.testing.TestCatalog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep on PostgreSQL, the production catalog. */
@Tag("postgres")
class CatalogSweepPostgresIT extends CatalogSweepContract {
    CatalogSweepPostgresIT() {
        super(TestCatalog.postgres());
    }

    @Test
    void manyCommandsOnOnePostgresCatalog(@TempDir Path dir) throws Exception {
        sweep(dir, Long.getLong("sweep.seed", System.nanoTime() & 0xffff));
    }
}
