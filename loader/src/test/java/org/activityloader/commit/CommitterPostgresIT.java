package org.activityloader.commit;

import java.nio.file.Path;
import org.activityloader.config.CatalogSpec;
import org.activityloader.testing.TestCatalogs;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class CommitterPostgresIT extends CommitterContract {
    private CatalogSpec spec;

    @Override
    CatalogSpec catalog(Path dir) {
        spec = TestCatalogs.freshPostgres();
        return spec;
    }

    @Override
    void dropCatalog() {
        TestCatalogs.dropPostgres(spec);
    }
}
