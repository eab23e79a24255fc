package org.activityloader.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The local disk under a scheme of its own ({@code <scheme>://<key>=<number>/absolute/path}), whose
 * new files are written through a stream the subclass chooses. The number in the URI's authority
 * configures the fault, so each warehouse URI carries its own setting (no static state); an
 * authority with '=' is not a host name, so Hadoop never looks it up in DNS.
 *
 * <p>Registered in {@code src/test/resources/core-site.xml} as {@code fs.<scheme>.impl}.
 */
public abstract class SchemedLocalFileSystem extends RawLocalFileSystem {
    private URI uri;
    private long setting;

    protected abstract String scheme();

    /** The key before '=' in the authority, e.g. {@code bytes} in {@code fullfs://bytes=4096/...}. */
    protected abstract String settingName();

    /** Wraps the stream to a new (or appended) file. */
    protected abstract OutputStream wrap(OutputStream file, Path path, long setting);

    /** The warehouse URI of a local folder on this file system with the given setting. */
    public static URI uri(String scheme, String settingName, long setting, java.nio.file.Path folder) {
        return URI.create(scheme + "://" + settingName + "=" + setting + folder.toAbsolutePath().toUri().getRawPath());
    }

    @Override
    public void initialize(URI name, Configuration conf) throws IOException {
        String authority = name.getAuthority();
        String prefix = settingName() + "=";
        if (authority == null || !authority.startsWith(prefix)) {
            throw new IOException(scheme() + ": give the setting in the URI, e.g. " + scheme() + "://" + prefix + "100/path; got " + name);
        }
        setting = Long.parseLong(authority.substring(prefix.length()));
        uri = URI.create(scheme() + "://" + authority + "/");
        super.initialize(name, conf);
        // The constructor set it before the URI was known.
        setWorkingDirectory(makeQualified(new Path(new java.io.File(System.getProperty("user.dir")).toURI().getRawPath())));
    }

    @Override
    public URI getUri() {
        return uri != null ? uri : URI.create(scheme() + ":///"); // RawLocalFileSystem's constructor asks before initialize
    }

    @Override
    public String getScheme() {
        return scheme();
    }

    /**
     * RawLocalFileSystem's statuses load their permissions lazily from a {@code file:} URI of their
     * path and fail on any other scheme; these carry fixed permissions instead.
     */
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        return plain(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        FileStatus[] statuses = super.listStatus(f);
        FileStatus[] out = new FileStatus[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            out[i] = plain(statuses[i]);
        }
        return out;
    }

    private static FileStatus plain(FileStatus s) {
        return new FileStatus(s.getLen(), s.isDirectory(), s.getReplication(), s.getBlockSize(), s.getModificationTime(),
                s.getAccessTime(), s.isDirectory() ? FsPermission.getDirDefault() : FsPermission.getFileDefault(),
                "owner", "group", s.getPath());
    }

    @Override
    protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission) throws IOException {
        return wrap(super.createOutputStreamWithMode(f, append, permission), f, setting);
    }
}
