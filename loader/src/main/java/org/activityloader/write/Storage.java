package org.activityloader.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The warehouse on a Hadoop {@link FileSystem}, addressed by paths relative to its root. Owns its
 * own FileSystem instance (not Hadoop's shared cache), closed with it.
 */
public final class Storage implements AutoCloseable {
    private final Configuration conf;
    private final FileSystem fs;
    private final Path root;
    /** Object stores (S3A): a folder is only a prefix of keys, so there is no folder to make before a move. */
    private final boolean objectStore;

    public Storage(URI warehouse) {
        this.conf = new Configuration();
        if (warehouse.getScheme() == null || "file".equals(warehouse.getScheme())) {
            // The checksummed local FS writes a .crc beside every file; readers of the warehouse do not want them.
            // Only for a local warehouse, and never into Hadoop's cache of file systems (shared by the JVM's jobs):
            // S3A buffers uploads through the cached LocalFileSystem, which it casts to.
            conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
            conf.setBoolean("fs.file.impl.disable.cache", true);
        }
        // Hadoop's own shutdown hook would close its file systems while a stopping run still cleans up
        // (SIGTERM's grace): this storage closes its own, and the JVM's end takes the cached ones.
        conf.setBoolean("fs.automatic.close", false);
        try {
            this.fs = FileSystem.newInstance(warehouse, conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open warehouse " + warehouse + ": " + e.getMessage(), e);
        }
        this.root = new Path(warehouse);
        this.objectStore = "s3a".equals(warehouse.getScheme());
    }

    public Configuration configuration() {
        return conf;
    }

    public FileSystem fileSystem() {
        return fs;
    }

    public Path resolve(String relative) {
        return relative.isEmpty() ? root : new Path(root, relative);
    }

    public URI rootUri() {
        return fs.makeQualified(root).toUri();
    }

    public boolean exists(String relative) throws IOException {
        return fs.exists(resolve(relative));
    }

    public long size(String relative) throws IOException {
        return fs.getFileStatus(resolve(relative)).getLen();
    }

    /** Makes a closed file durable where the file system allows (local disks); HDFS persists on close. */
    public void sync(String relative) throws IOException {
        sync(resolve(relative));
    }

    private void sync(Path p) throws IOException {
        if ("file".equals(fs.getUri().getScheme())) {
            try (FileChannel ch = FileChannel.open(java.nio.file.Path.of(fs.makeQualified(p).toUri()), StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
    }

    /**
     * Writes a small file whole, replacing what was there: written beside it under a hidden name, then
     * renamed, so a reader sees the old content or the new, never part of it (on stores without an
     * atomic rename, the old one may be missing for a moment).
     */
    public void writeWhole(String relative, byte[] content) throws IOException {
        Path target = resolve(relative);
        Path temp = new Path(target.getParent(), "_" + target.getName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try (var out = fs.create(temp, true)) {
            out.write(content);
        }
        sync(temp);
        // Where a rename does not replace (HDFS, S3A), the old one goes first; another writer of the same
        // file may put its own there in between: then the rename is tried again.
        for (int attempt = 1; ; attempt++) {
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (renamed(temp, target)) {
                return;
            }
            if (attempt == 3) {
                fs.delete(temp, false);
                throw new IOException("rename " + temp + " -> " + target + " failed");
            }
        }
    }

    public byte[] read(String relative) throws IOException {
        try (var in = fs.open(resolve(relative))) {
            return in.readAllBytes();
        }
    }

    /**
     * Moves a file, creating the target's folder. Safe to repeat: if the source is gone and the
     * target is there, an earlier attempt already moved it. On an object store (S3A) a rename is a
     * server-side copy, then a delete of the source: the copy appears whole or not at all, so a move
     * cut short between the two leaves both, of one size, and repeating it only deletes the source.
     */
    public void move(String from, String to) throws IOException {
        Path src = resolve(from);
        Path dst = resolve(to);
        boolean srcExists = fs.exists(src);
        boolean dstExists = fs.exists(dst);
        if (!srcExists && dstExists) {
            return;
        }
        if (!srcExists) {
            throw new MissingFileException(from, to);
        }
        if (dstExists) {
            if (fs.getFileStatus(src).getLen() == fs.getFileStatus(dst).getLen()) {
                fs.delete(src, false); // an earlier move copied it and stopped before deleting the source
                return;
            }
            throw new IOException("cannot publish " + from + ": " + to + " already exists");
        }
        if (!objectStore) { // there, a "folder" would be a marker object some S3-compatible stores then call a file
            fs.mkdirs(dst.getParent());
        }
        // Another process finishing the same publish (a recovery beside the run) may have moved it first.
        boolean renamed;
        try {
            renamed = renamed(src, dst);
        } catch (java.io.FileNotFoundException gone) {
            renamed = false;
        }
        if (!renamed && !(fs.exists(dst) && !fs.exists(src))) {
            throw new IOException("rename " + src + " -> " + dst + " failed");
        }
    }

    /** A rename; false where S3A throws because the target exists (another writer got there first) and HDFS returns false. */
    private boolean renamed(Path from, Path to) throws IOException {
        try {
            return fs.rename(from, to);
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException taken) {
            return false;
        }
    }

    public void deleteRecursively(String relative) throws IOException {
        Path p = resolve(relative);
        if (fs.exists(p)) {
            fs.delete(p, true);
        }
    }

    /** Every file under a folder, as paths relative to the warehouse root; empty if there is no such folder. */
    public List<String> listFiles(String relative) throws IOException {
        return filesUnder(relative).stream().map(StoredFile::path).toList();
    }

    /** Every file under a folder with when it was last written (relative paths); empty if there is no such folder. */
    public List<StoredFile> filesUnder(String relative) throws IOException {
        List<StoredFile> out = new ArrayList<>();
        Path dir = resolve(relative);
        if (!fs.exists(dir)) {
            return out;
        }
        String rootText = fs.makeQualified(root).toUri().getPath();
        String prefix = rootText.endsWith("/") ? rootText : rootText + "/";
        try {
            if (fs instanceof RawLocalFileSystem) {
                walk(dir, prefix, out);
            } else {
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true); // one flat listing on object stores
                while (it.hasNext()) {
                    out.add(stored(it.next(), prefix));
                }
            }
        } catch (java.io.FileNotFoundException movedMeanwhile) {
            // A folder removed while it was listed (a backfill moving its last file out): what was seen so far.
            return out;
        }
        return out;
    }

    /**
     * The local file system folder by folder: its listFiles asks each file's permissions (a child
     * {@code ls} process per file without Hadoop's native library), and fails outright, not with
     * FileNotFoundException, when a file is moved away meanwhile (a backfill or compaction replacing
     * it). Only the name and time are needed here; a file or folder gone by now is skipped.
     */
    private void walk(Path dir, String prefix, List<StoredFile> out) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(dir);
        } catch (java.io.FileNotFoundException gone) {
            return;
        }
        for (FileStatus entry : entries) {
            if (entry.isDirectory()) {
                walk(entry.getPath(), prefix, out);
            } else {
                out.add(stored(entry, prefix));
            }
        }
    }

    private static StoredFile stored(FileStatus status, String prefix) {
        String path = status.getPath().toUri().getPath();
        return new StoredFile(path.startsWith(prefix) ? path.substring(prefix.length()) : path,
                Instant.ofEpochMilli(status.getModificationTime()));
    }

    /**
     * Every file in the partition folders, relative to the root: top-level names starting with
     * {@code _} (the loader's staging and dead letters) or {@code .} (hidden) hold no data, nor do files
     * so named (an hour's {@code _SUCCESS}, what other tools leave, such as {@code .crc}).
     */
    public List<String> listDataFiles() throws IOException {
        return dataFiles().stream().map(StoredFile::path).toList();
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    /** {@link #listDataFiles()} with each file's modification time. */
    public List<StoredFile> dataFiles() throws IOException {
        List<StoredFile> out = new ArrayList<>();
        for (String top : listNames("")) {
            if (!hidden(top)) {
                filesUnder(top).stream().filter(f -> !hidden(f.path().substring(f.path().lastIndexOf('/') + 1))).forEach(out::add);
            }
        }
        return out;
    }

    /** Names of the entries directly in a folder (files and folders). */
    public List<String> listNames(String relative) throws IOException {
        List<String> out = new ArrayList<>();
        Path dir = resolve(relative);
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            out.add(s.getPath().getName());
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
