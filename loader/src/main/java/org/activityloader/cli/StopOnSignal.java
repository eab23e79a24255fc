package org.activityloader.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * SIGTERM (or Ctrl-C) while a command runs: ask the work to stop at its next safe point and hold
 * the JVM's exit until it has ended and reported, so it commits nothing partial and cleans its
 * staging; past a grace period the process halts at once (exit 143) wherever it is. Not Thread.join on the runner: after call() the runner calls
 * System.exit, which blocks while hooks run, so a join would always wait out the whole grace period.
 * Report a failure before {@link #close()} ({@link #report}): once it returns, a JVM stopping on a
 * signal halts.
 */
final class StopOnSignal implements AutoCloseable {
    /** Within a container's own grace (30 s by default in Kubernetes and systemd); {@code -Dloader.stop.grace.seconds} shortens it. */
    private static final Duration GRACE = Duration.ofSeconds(Long.getLong("loader.stop.grace.seconds", 30));

    private final AtomicBoolean requested = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(PrintWriter err, String what) {
        // Made now: when the signal comes, the heap may be too full to build a string (the halt must not wait on one).
        String stopping = "loader: stop requested by a signal: the " + what + " stops at its next safe point and commits nothing";
        String halting = "loader: the " + what + " reached no safe point within " + GRACE.toSeconds() + " s; stopping now";
        hook = new Thread(() -> {
            requested.set(true);
            say(err, stopping);
            boolean ended = false;
            try {
                ended = finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!ended) {
                // No safe point within the grace (a JVM collecting garbage all the time gets to none): stop now. Whatever
                // was not committed is not; a commit made is whole, and the next run finishes its publishing.
                say(err, halting);
                Runtime.getRuntime().halt(143);
            }
        }, "loader-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Prints a line if the heap lets it: an OutOfMemoryError here must not keep the hook from halting. */
    private static void say(PrintWriter err, String line) {
        try {
            err.println(line);
            err.flush();
        } catch (Throwable fullHeap) {
            // the line is lost; what follows still happens
        }
    }

    /** A failure reported as picocli would after call(), but now, while the hook still holds the exit. */
    static int report(CommandLine cli, Exception e) throws Exception {
        if (e instanceof ParameterException wrongArgument) {
            return cli.getParameterExceptionHandler().handleParseException(wrongArgument, new String[0]);
        }
        return cli.getExecutionExceptionHandler().handleExecutionException(e, cli, cli.getParseResult());
    }

    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
