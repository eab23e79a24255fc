package org.activityloader.commit;

import org.activityloader.testing.TestCatalog;

class CommitterH2IT extends CommitterContract {
    CommitterH2IT() {
        super(TestCatalog.h2());
    }
}
