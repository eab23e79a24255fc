package org.activityloader.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;

/**
 * A local disk that silently loses the end of every file: the last K bytes written to a file
 * ({@code truncfs://drop=K/path}) never reach it, and close() reports success, as a lying disk
 * cache or a broken network file system would.
 */
public final class TruncatingFileSystem extends SchemedLocalFileSystem {
    public static final String SCHEME = "truncfs";

    public static URI warehouse(Path folder, long dropBytes) {
        return uri(SCHEME, "drop", dropBytes, folder);
    }

    @Override
    protected String scheme() {
        return SCHEME;
    }

    @Override
    protected String settingName() {
        return "drop";
    }

    @Override
    protected OutputStream wrap(OutputStream file, org.apache.hadoop.fs.Path path, long drop) {
        int keep = (int) drop;
        return new FilterOutputStream(file) {
            /** The last bytes written, held back until more come; what is held at close is dropped. */
            private final byte[] tail = new byte[keep];
            private int held;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (keep == 0) {
                    out.write(b, off, len);
                    return;
                }
                // Everything except the newest `keep` bytes of (held + b) can go out now.
                int total = held + len;
                int release = Math.max(0, total - keep);
                int fromHeld = Math.min(release, held);
                out.write(tail, 0, fromHeld);
                System.arraycopy(tail, fromHeld, tail, 0, held - fromHeld);
                held -= fromHeld;
                int fromNew = release - fromHeld;
                out.write(b, off, fromNew);
                System.arraycopy(b, off + fromNew, tail, held, len - fromNew);
                held += len - fromNew;
            }

            @Override
            public void close() throws IOException {
                held = 0; // lost
                super.close();
            }
        };
    }
}
