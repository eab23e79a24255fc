package org.activityloader.catalog;

/**
 * The facades of one transaction ({@link Catalog#inTransaction}): every call of each is part of it,
 * and the changes of a commit (new files, advanced offsets, a run committed, ...) are made only here.
 */
public final class CatalogTransaction extends CatalogFacades {
    CatalogTransaction(CatalogCalls calls) {
        super(calls);
    }
}
