package org.activityloader.audit;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.activityloader.catalog.Catalog;
import org.activityloader.write.Storage;
import org.activityloader.write.StoredFile;

/**
 * Files in the partition folders that the catalog does not know. The folders are listed first and
 * the catalog read after: a run publishes a file only after its commit inserted the file's row, so
 * a file that appears while this looks is known by the time the catalog is read (read the other way
 * round, a run publishing in between looks like strays).
 */
public final class StrayFiles {
    private StrayFiles() {
    }

    public static List<StoredFile> find(Catalog catalog, Storage storage) throws IOException {
        List<StoredFile> listed = storage.dataFiles();
        if (listed.isEmpty()) {
            return List.of();
        }
        Set<String> known = new HashSet<>(catalog.manifest().knownPaths(listed.stream().map(StoredFile::path).toList()));
        return listed.stream().filter(f -> !known.contains(f.path())).toList();
    }
}
