package org.activityloader.commit;

import org.activityloader.testing.TestCatalog;

class ExactlyOnceH2IT extends ExactlyOnceContract {
    ExactlyOnceH2IT() {
        super(TestCatalog.h2());
    }
}
