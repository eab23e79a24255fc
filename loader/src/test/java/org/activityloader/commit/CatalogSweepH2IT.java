package org.activityloader.commit;

import java.nio.file.Path;
import org.activityloader.testing.TestCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep on the embedded default: one H2 file shared by every process (AUTO_SERVER). */
class CatalogSweepH2IT extends CatalogSweepContract {
    CatalogSweepH2IT() {
        super(TestCatalog.h2());
    }

    @Test
    void manyCommandsOnOneH2Catalog(@TempDir Path dir) throws Exception {
        sweep(dir, Long.getLong("sweep.seed", System.nanoTime() & 0xffff));
    }
}
