package org.activityloader.commit;

import java.nio.file.Path;
import org.activityloader.config.CatalogSpec;
import org.activityloader.testing.TestCatalogs;

class CommitterH2IT extends CommitterContract {
    @Override
    CatalogSpec catalog(Path dir) {
        return TestCatalogs.h2(dir);
    }
}
