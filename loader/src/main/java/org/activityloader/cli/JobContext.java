package org.activityloader.cli;

import java.io.IOException;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.write.Storage;

/** The catalog and warehouse of one job, opened for one command. */
record JobContext(JobSpec spec, Catalog catalog, Storage storage) implements AutoCloseable {
    static JobContext open(JobSpec spec) {
        Catalog catalog = Catalog.open(spec.catalog());
        return new JobContext(spec, catalog, new Storage(spec.output().warehouse()));
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }
}
