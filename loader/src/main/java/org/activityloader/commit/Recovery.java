package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunDao;
import org.activityloader.catalog.RunRow;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 7 of the commit protocol, run while holding the job's lease: a run still marked running is
 * dead (the lease says so), so it is aborted and its staging deleted; a committed run whose files
 * are not all published is published now.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Catalog catalog;
    private final Publisher publisher;
    private final Storage storage;
    private final Clock clock;

    Recovery(Catalog catalog, Publisher publisher, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.storage = storage;
        this.clock = clock;
    }

    /** Returns one line per run it repaired. */
    List<String> recover(String job, String currentRunId) {
        List<String> actions = new ArrayList<>();
        for (RunRow run : catalog.withDao(RunDao.class, d -> d.withStatus(job, RunRow.RUNNING))) {
            if (run.runId().equals(currentRunId)) {
                continue;
            }
            catalog.withDao(RunDao.class, d -> d.markEnded(run.runId(), RunRow.ABORTED, clock.instant(),
                    "interrupted before its commit; aborted by run " + currentRunId));
            publisher.removeStaging(run.runId());
            actions.add("aborted interrupted run " + run.runId() + " and removed its staging files");
        }
        for (RunRow run : catalog.withDao(RunDao.class, d -> d.withStatus(job, RunRow.COMMITTED))) {
            publisher.publish(run.runId());
            actions.add("published committed run " + run.runId() + " that had not finished publishing");
        }
        for (String name : stagingFolders()) {
            Optional<RunRow> run = catalog.withDao(RunDao.class, d -> d.find(name));
            // Only this job's finished runs: another job's run may be writing into its staging folder now.
            if (run.isPresent() && run.get().job().equals(job) && !name.equals(currentRunId)
                    && List.of(RunRow.PUBLISHED, RunRow.ABORTED, RunRow.FAILED).contains(run.get().status())) {
                publisher.removeStaging(name);
                actions.add("removed leftover staging folder of " + run.get().status() + " run " + name);
            }
        }
        actions.forEach(a -> LOG.warn("recovery: {}", a));
        return actions;
    }

    private List<String> stagingFolders() {
        try {
            return storage.listNames(FileNames.STAGING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FileNames.STAGING + ": " + e.getMessage(), e);
        }
    }
}
