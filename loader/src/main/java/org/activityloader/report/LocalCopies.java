package org.activityloader.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.activityloader.write.Storage;

/**
 * Where a report reads the warehouse's files: in place on a local warehouse; on any other
 * ({@code hdfs://}, which DuckDB cannot read), copies of the files it needs in a temporary folder
 * of their own, under their relative paths (the {@code date=}/{@code hour=} folders DuckDB reads the
 * partition columns from), removed when the report closes.
 */
final class LocalCopies implements AutoCloseable {
    private final Storage storage;
    private final Path folder;

    private LocalCopies(Storage storage, Path folder) {
        this.storage = storage;
        this.folder = folder;
    }

    static LocalCopies of(Storage storage) {
        if ("file".equals(storage.rootUri().getScheme())) {
            return new LocalCopies(storage, null);
        }
        try {
            return new LocalCopies(storage, Files.createTempDirectory("loader-report-").toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a folder for the report's copies of " + storage.rootUri() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The local path DuckDB reads the warehouse file at {@code relative} from.
     *
     * @throws FileGoneException when the file is no longer there (moved out or vacuumed meanwhile): the
     *                           report is made again on the catalog's newer version
     */
    String path(String relative) {
        if (folder == null) {
            return Path.of(storage.fileSystem().makeQualified(storage.resolve(relative)).toUri()).toString();
        }
        Path local = folder.resolve(relative).normalize();
        if (!local.startsWith(folder)) {
            throw new IllegalArgumentException(relative + " is not inside the warehouse");
        }
        try {
            Files.createDirectories(local.getParent());
            storage.fileSystem().copyToLocalFile(false, storage.resolve(relative), new org.apache.hadoop.fs.Path(local.toUri()), true);
        } catch (java.io.FileNotFoundException gone) {
            throw new FileGoneException(relative);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + relative + " from " + storage.rootUri() + " for the report: "
                    + e.getMessage(), e);
        }
        return local.toString();
    }

    /** A file that was there when the report looked and was gone when it copied it. */
    static final class FileGoneException extends RuntimeException {
        final String relative;

        FileGoneException(String relative) {
            super(relative + " is gone");
            this.relative = relative;
        }
    }

    @Override
    public void close() {
        if (folder == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system's clean-up takes what is left
        }
    }
}
