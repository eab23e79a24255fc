package org.activityloader.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the tests tagged {@code postgres} that ran and that were skipped, prints the count at the
 * end of the test run, and writes it to {@code target/postgres-tests-<run>.txt}, so that a green
 * build cannot hide that the catalog was never tested on PostgreSQL ({@code .ci/run} checks it).
 * Registered through META-INF/services.
 */
public final class PostgresTestCount implements TestExecutionListener {
    private static final TestTag POSTGRES = TestTag.create("postgres");

    private final AtomicInteger ran = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.getTags().contains(POSTGRES)) {
            skipped.incrementAndGet();
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && test.getTags().contains(POSTGRES)) {
            (result.getStatus() == TestExecutionResult.Status.ABORTED ? skipped : ran).incrementAndGet();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (ran.get() + skipped.get() == 0) {
            return; // a run of tests that has none (unit tests, a single class)
        }
        String line = "PostgreSQL catalog tests: " + ran.get() + " ran, " + skipped.get() + " skipped";
        System.out.println(line);
        try {
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                Files.writeString(target.resolve("postgres-tests-" + ProcessHandle.current().pid() + ".txt"),
                        ran.get() + " " + skipped.get() + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
