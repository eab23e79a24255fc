package org.activityloader.commit;

import org.activityloader.testing.TestCatalog;
import org.junit.jupiter.api.Tag;

@Tag("postgres")
class ExactlyOncePostgresIT extends ExactlyOnceContract {
    ExactlyOncePostgresIT() {
        super(TestCatalog.postgres());
    }
}
