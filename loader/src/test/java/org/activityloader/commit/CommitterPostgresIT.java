package org.activityloader.commit;

import org.activityloader.testing.TestCatalog;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class CommitterPostgresIT extends CommitterContract {
    CommitterPostgresIT() {
        super(TestCatalog.postgres());
    }
}
