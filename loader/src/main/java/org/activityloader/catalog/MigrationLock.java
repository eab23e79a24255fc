package org.activityloader.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps two processes (a cron run and {@code loader status}, two scheduler nodes) from migrating
 * one catalog at once. Whoever holds it dies, it is released by the operating system or the
 * database: a file lock beside an H2 database file, a session advisory lock on PostgreSQL. Other
 * catalogs (in-memory H2, H2 over TCP) rely on Flyway's own locking.
 */
abstract class MigrationLock implements AutoCloseable {
    /** An arbitrary constant naming the loader's migration lock among PostgreSQL advisory locks. */
    private static final long ADVISORY_KEY = 0x6c6f61646572L; // "loader"

    @Override
    public abstract void close();

    static MigrationLock take(String url, DataSource source) {
        if (url.startsWith("jdbc:postgresql:")) {
            return advisory(source);
        }
        Optional<Path> file = h2File(url);
        return file.isPresent() ? fileLock(Path.of(file.get() + ".migration.lock")) : new MigrationLock() {
            @Override
            public void close() {
            }
        };
    }

    /** The database file of an H2 URL on the local disk ({@code jdbc:h2:file:/x}, {@code jdbc:h2:./x}, {@code jdbc:h2:~/x}). */
    static Optional<Path> h2File(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        rest = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (rest.regionMatches(true, 0, "file:", 0, 5)) {
            rest = rest.substring(5);
        } else if (rest.matches("(?i)[a-z][a-z0-9]+:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, ...
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        return rest.isBlank() ? Optional.empty() : Optional.of(Path.of(rest).toAbsolutePath().normalize());
    }

    private static MigrationLock fileLock(Path lockFile) {
        try {
            Files.createDirectories(lockFile.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = null;
            try {
                while (lock == null) {
                    try {
                        lock = channel.lock(); // waits for another process
                    } catch (OverlappingFileLockException sameJvm) {
                        pause(); // another thread of this JVM holds it: wait for it the same way
                    }
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            FileLock held = lock;
            return new MigrationLock() {
                @Override
                public void close() {
                    try {
                        held.release();
                        channel.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new CatalogException("cannot lock " + lockFile + " to migrate the catalog: " + e.getMessage(), e);
        }
    }

    private static MigrationLock advisory(DataSource source) {
        try {
            Connection c = source.getConnection();
            try (PreparedStatement st = c.prepareStatement("SELECT pg_advisory_lock(?)")) {
                st.setLong(1, ADVISORY_KEY);
                st.execute();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return new MigrationLock() {
                @Override
                public void close() {
                    try {
                        c.close(); // ends the session, and with it the lock
                    } catch (SQLException e) {
                        // the session is gone either way
                    }
                }
            };
        } catch (SQLException e) {
            throw new CatalogException(e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException("interrupted while waiting to migrate the catalog", e);
        }
    }
}
