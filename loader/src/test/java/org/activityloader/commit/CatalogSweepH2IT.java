package org.activityloader.commit;

import java.nio.file.Path;
import org.activityloader.config.CatalogSpec;
import org.activityloader.testing.TestCatalogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep on the embedded default: one H2 file shared by every process (AUTO_SERVER). */
class CatalogSweepH2IT extends CatalogSweepContract {
    @Override
    CatalogSpec catalog(Path dir) {
        return TestCatalogs.h2(dir);
    }

    @Test
    void manyCommandsOnOneH2Catalog(@TempDir Path dir) throws Exception {
        sweep(dir, Long.getLong("sweep.seed", System.nanoTime() & 0xffff));
    }
}
