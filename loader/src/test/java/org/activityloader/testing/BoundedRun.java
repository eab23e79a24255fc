package org.activityloader.testing;

import static org.assertj.core.api.Assertions.fail;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;

/** Runs a run that must fail, on another thread: returns what it threw, and fails the test if it succeeds or hangs. */
public final class BoundedRun {
    private BoundedRun() {
    }

    /** @param fault what is wrong, for the messages ("the broker died mid-drain") */
    public static Throwable failureOf(LoadRun runner, Duration bound, String fault) throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<RunSummary> result = executor.submit(runner::run);
            try {
                RunSummary summary = result.get(bound.toSeconds(), TimeUnit.SECONDS);
                return fail("the run succeeded although " + fault + ": " + summary.describe());
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                result.cancel(true);
                return fail("the run did not end within " + bound.toSeconds() + " s although " + fault + ": it hangs");
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
