package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunDao;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of the commit protocol, run while holding the job's lease: a run still marked running is
 * dead (the lease says so), so it is aborted and its staging deleted; a committed run whose files
 * are not all published is published now (roll forward); staging folders of this job's finished
 * runs are removed.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Catalog catalog;
    private final RunLifecycle runs;
    private final Publisher publisher;
    private final Storage storage;

    public Recovery(Catalog catalog, RunLifecycle runs, Publisher publisher, Storage storage) {
        this.catalog = catalog;
        this.runs = runs;
        this.publisher = publisher;
        this.storage = storage;
    }

    /** Returns one line per run it repaired; {@code holder} is whoever holds the lease now. */
    public List<String> recover(String job, String holder) {
        List<String> actions = new ArrayList<>();
        for (RunRow run : catalog.withDao(RunDao.class, d -> d.withStatus(job, RunState.RUNNING))) {
            if (run.runId().equals(holder)) {
                continue;
            }
            runs.abort(run.runId(), "interrupted before its commit; aborted by " + holder);
            actions.add("aborted interrupted run " + run.runId() + " and removed its staging files");
        }
        for (RunRow run : catalog.withDao(RunDao.class, d -> d.withStatus(job, RunState.COMMITTED))) {
            publisher.publish(run.runId());
            actions.add("published committed run " + run.runId() + " that had not finished publishing");
        }
        for (String name : stagingFolders()) {
            Optional<RunRow> run = catalog.withDao(RunDao.class, d -> d.find(name));
            // Only this job's finished runs: another job's run may be writing into its staging folder now.
            if (run.isPresent() && run.get().job().equals(job) && !name.equals(holder) && run.get().status().isFinal()) {
                runs.removeStaging(name);
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
