package org.activityloader.catalog;

import java.util.List;

/** What tests read of a catalog that the loader itself never asks for. */
public final class CatalogContents {
    private CatalogContents() {
    }

    /** The path of every file of the manifest, of every job, in whatever state. */
    public static List<String> allPaths(Catalog catalog) {
        return catalog.read(h -> h.attach(FileDao.class).allPaths());
    }
}
