package org.activityloader.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.net.URI;

/**
 * A local disk that fills up: each new file takes N bytes ({@code fullfs://bytes=N/path}), then
 * every write fails with {@code IOException("No space left on device")}, as the OS reports ENOSPC.
 * The bytes that fit are written, so a partial file is left behind as on a real full disk.
 */
public final class FullDiskFileSystem extends SchemedLocalFileSystem {
    public static final String SCHEME = "fullfs";

    public static URI warehouse(Path folder, long bytesPerFile) {
        return uri(SCHEME, "bytes", bytesPerFile, folder);
    }

    @Override
    protected String scheme() {
        return SCHEME;
    }

    @Override
    protected String settingName() {
        return "bytes";
    }

    @Override
    protected OutputStream wrap(OutputStream file, org.apache.hadoop.fs.Path path, long limit) {
        return new FilterOutputStream(file) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                long room = Math.max(0, limit - written);
                if (len > room) {
                    out.write(b, off, (int) room);
                    written += room;
                    throw new IOException("No space left on device");
                }
                out.write(b, off, len);
                written += len;
            }
        };
    }
}
