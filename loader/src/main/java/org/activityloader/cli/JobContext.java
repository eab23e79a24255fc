package org.activityloader.cli;

import java.io.IOException;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogException;
import org.activityloader.config.ConfigException;
import org.activityloader.config.JobSpec;
import org.activityloader.write.Storage;

/** The catalog and warehouse of one job, opened for one command. */
record JobContext(JobSpec spec, Catalog catalog, Storage storage) implements AutoCloseable {
    /** Opens the catalog first: one that cannot be reached is a configuration problem, named as such. */
    static JobContext open(JobSpec spec) {
        Catalog catalog;
        try {
            catalog = Catalog.open(spec.catalog());
        } catch (CatalogException e) {
            if (answersNot(e)) {
                throw e; // there, but not answering (a stopped process serving an H2 file): unavailable, exit 6
            }
            throw new ConfigException(spec.source(), "catalog.url", e.getMessage()
                    + "; check the URL, that the database is up, and catalog.user / password_env / password_file");
        }
        return new JobContext(spec, catalog, new Storage(spec.output().warehouse()));
    }

    private static boolean answersNot(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    /** After the command's work: a failure to close is not the command's outcome. */
    @Override
    public void close() {
        try {
            storage.close();
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(JobContext.class).warn("closing the warehouse's file system: {}", e.getMessage());
        } finally {
            catalog.close();
        }
    }
}
