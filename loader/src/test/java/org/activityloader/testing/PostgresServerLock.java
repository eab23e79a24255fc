package org.activityloader.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Lets the test JVMs that run at once share the local PostgreSQL server, except with a test that
 * restarts it: a test (or class) tagged {@code postgres} holds a shared lock on
 * {@code target/postgres-server.lock} while it runs, one tagged {@code postgres-restart} an
 * exclusive one, so a restart never lands in another JVM's PostgreSQL test. The lock is the
 * operating system's (fcntl), so it spans JVMs and dies with a killed one. Registered through
 * META-INF/services.
 */
public final class PostgresServerLock implements TestExecutionListener {
    private static final TestTag POSTGRES = TestTag.create("postgres");
    private static final TestTag RESTART = TestTag.create("postgres-restart");
    private static final Path LOCK_FILE = Path.of("target", "postgres-server.lock");

    /** The identifier that took the lock: the outermost tagged one, as tags are inherited. */
    private TestIdentifier holder;
    private FileChannel channel;
    private FileLock lock;

    @Override
    public synchronized void executionStarted(TestIdentifier test) {
        boolean restarts = test.getTags().contains(RESTART);
        if (holder != null || !(restarts || test.getTags().contains(POSTGRES)) || !Files.isDirectory(LOCK_FILE.getParent())) {
            return;
        }
        try {
            channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            lock = channel.lock(0, Long.MAX_VALUE, !restarts); // waits for the other JVMs
            holder = test;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, org.junit.platform.engine.TestExecutionResult result) {
        if (test.equals(holder)) {
            release();
        }
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        if (test.equals(holder)) {
            release();
        }
    }

    private void release() {
        holder = null;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
