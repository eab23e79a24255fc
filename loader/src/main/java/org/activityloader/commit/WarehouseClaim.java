package org.activityloader.commit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.activityloader.catalog.Catalog;
import org.activityloader.write.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which catalog a warehouse belongs to: {@value #MARKER} holds the id of the catalog that first wrote
 * to it. Two catalogs on one warehouse do not know each other's files, so each one's repair and
 * clean-up would delete the other's; a command of a second catalog is refused before it touches anything.
 */
public final class WarehouseClaim {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseClaim.class);
    public static final String MARKER = "_loader/catalog_id";
    /** Data files looked up in the catalog when the warehouse has no mark: none known means another's. */
    private static final int SAMPLE = 1000;

    private WarehouseClaim() {
    }

    /** The warehouse claimed for this catalog (marked if it was not), or {@link WarehouseClaimedException}. */
    public static void claim(Catalog catalog, Storage storage, Clock clock) throws IOException {
        String id = catalogId(catalog, clock);
        String owner = read(storage);
        if (owner == null) {
            refuseIfUnknownFiles(catalog, storage, id);
            // Written whole beside it, then renamed: a crash or a full disk never leaves a half id that names no catalog.
            // A mark that cannot be written (a full disk, a read-only mount) is not this command's failure: its
            // own writes fail and say why, or the next command marks the warehouse.
            org.apache.hadoop.fs.Path temp = storage.resolve(MARKER + "." + UUID.randomUUID() + ".tmp");
            try {
                try (OutputStream out = storage.fileSystem().create(temp, false)) {
                    out.write((id + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (!storage.fileSystem().rename(temp, storage.resolve(MARKER))) {
                    storage.fileSystem().delete(temp, false);
                }
                owner = read(storage);
            } catch (IOException e) {
                LOG.warn("could not mark the warehouse as this catalog's ({}): {}", MARKER, e.getMessage());
                try {
                    storage.fileSystem().delete(temp, false);
                } catch (IOException ignored) {
                    // a temporary file of a hidden folder: harmless
                }
            }
        }
        if (owner != null && !owner.equals(id)) {
            throw new WarehouseClaimedException(anotherCatalogs(storage, owner, id));
        }
    }

    private static String anotherCatalogs(Storage storage, String owner, String id) {
        return "the warehouse " + storage.rootUri() + " holds the files of another catalog (id " + owner + " in " + MARKER
                + "; this catalog's id is " + id + "): two catalogs on one warehouse would delete each other's files."
                + " Point output.warehouse at a folder of its own; nothing was changed";
    }

    /**
     * Without a mark (a new warehouse, one from before marks, or a mark deleted or damaged), a warehouse
     * whose data files this catalog knows none of is another's: claiming it would make them all strays.
     */
    private static void refuseIfUnknownFiles(Catalog catalog, Storage storage, String id) throws IOException {
        List<String> sample = storage.listDataFiles().stream().limit(SAMPLE).toList();
        if (!sample.isEmpty() && catalog.manifest().knownPaths(sample).isEmpty()) {
            throw new WarehouseClaimedException("the warehouse " + storage.rootUri() + " has no valid " + MARKER + " and holds data"
                    + " files this catalog (id " + id + ") does not know (" + sample.get(0) + (sample.size() > 1 ? ", ..." : "")
                    + "): they are another catalog's, whose repair would otherwise find them strays. Point output.warehouse at"
                    + " a folder of its own, or write that catalog's id back into " + MARKER + "; nothing was changed");
        }
    }

    /** Why the warehouse is not this catalog's, if it is another's (read only: nothing is marked). */
    public static java.util.Optional<String> foreign(Catalog catalog, Storage storage, Clock clock) throws IOException {
        String owner = read(storage);
        String id = catalogId(catalog, clock);
        if (owner == null) {
            try {
                refuseIfUnknownFiles(catalog, storage, id);
                return java.util.Optional.empty();
            } catch (WarehouseClaimedException e) {
                return java.util.Optional.of(e.getMessage());
            }
        }
        return owner.equals(id) ? java.util.Optional.empty() : java.util.Optional.of(anotherCatalogs(storage, owner, id));
    }

    static String catalogId(Catalog catalog, Clock clock) {
        return catalog.identity().id(clock.instant());
    }

    private static String read(Storage storage) throws IOException {
        if (!storage.exists(MARKER)) {
            return null;
        }
        try (InputStream in = storage.fileSystem().open(storage.resolve(MARKER))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            String text = bytes.toString(StandardCharsets.UTF_8).trim();
            try {
                return UUID.fromString(text).toString().equals(text) ? text : null;
            } catch (IllegalArgumentException damaged) {
                return null; // not an id (a copy cut short, a hand edit): marked again
            }
        }
    }
}
