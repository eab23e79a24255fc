package org.activityloader.testing;

import org.activityloader.catalog.Catalog;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.Secret;
import org.activityloader.fault.Faults;

/** A child JVM that only opens (and so migrates) a catalog: {@code OpenCatalog URL USER}, faults from {@code -Dloader.fault}. */
public final class OpenCatalog {
    private OpenCatalog() {
    }

    public static void main(String[] args) {
        Catalog.open(new CatalogSpec(args[0], args[1], Secret.NONE), Faults.fromSystemProperty());
        System.out.println("catalog open");
    }
}
