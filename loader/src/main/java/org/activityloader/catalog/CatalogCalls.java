package org.activityloader.catalog;

import org.jdbi.v3.core.HandleCallback;

/**
 * How a facade of the catalog reaches it: each call on a connection of its own ({@link ReconnectingCalls}),
 * or every call on the one handle of a commit's transaction ({@link TransactionCalls}).
 */
interface CatalogCalls {
    /** One call on one connection. Outside a transaction it is made again if its connection is lost: safe to repeat only. */
    <T> T call(HandleCallback<T, RuntimeException> work);

    /**
     * Several changes in one transaction (inside a commit's transaction: part of it). Outside one it is
     * made again as a whole if its connection is lost, so it holds only changes that are safe to repeat.
     */
    <T> T changes(HandleCallback<T, RuntimeException> work);

    /** Whether the calls are those of one transaction ({@link Catalog#inTransaction}). */
    boolean inTransaction();

    /** The changes of a commit never land on their own: each of them is refused outside its transaction. */
    default void requireTransaction(String change) {
        if (!inTransaction()) {
            throw new IllegalStateException(change + " is part of a commit: it is made only inside Catalog.inTransaction");
        }
    }
}
