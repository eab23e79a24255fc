package org.activityloader.catalog;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/** The calls of one transaction: all on its handle, none made again (its caller finds out whether it landed). */
final class TransactionCalls implements CatalogCalls {
    private final Handle handle;

    TransactionCalls(Handle handle) {
        this.handle = handle;
    }

    @Override
    public <T> T call(HandleCallback<T, RuntimeException> work) {
        return work.withHandle(handle);
    }

    @Override
    public <T> T changes(HandleCallback<T, RuntimeException> work) {
        return work.withHandle(handle);
    }

    @Override
    public boolean inTransaction() {
        return true;
    }
}
