package org.activityloader.catalog;

import java.time.Duration;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls on a connection of their own (taken from the catalog's pool and given back). A call that
 * loses its connection ({@link ConnectionLoss}: the database restarting or failing over, the process
 * serving an H2 file leaving) is made again on a new connection, for up to the patience: every change
 * the loader makes outside a commit's transaction is a compare-and-set or idempotent, so asking twice
 * is safe, and its caller reads the row count.
 */
final class ReconnectingCalls implements CatalogCalls {
    private static final Logger LOG = LoggerFactory.getLogger(Catalog.class); // what an operator reads in the log: the catalog

    private final Jdbi jdbi;
    private final Duration patience;
    /** A call waited out the patience in vain; until one succeeds, calls do not wait (see {@link #reconnecting}). */
    private volatile boolean down;

    ReconnectingCalls(Jdbi jdbi, Duration patience) {
        this.jdbi = jdbi;
        this.patience = patience;
    }

    /** The same calls, reconnecting for this long at most. */
    ReconnectingCalls withPatience(Duration reconnectFor) {
        return new ReconnectingCalls(jdbi, reconnectFor);
    }

    @Override
    public <T> T call(HandleCallback<T, RuntimeException> work) {
        return reconnecting(() -> jdbi.withHandle(work));
    }

    @Override
    public <T> T changes(HandleCallback<T, RuntimeException> work) {
        return reconnecting(() -> jdbi.inTransaction(work));
    }

    @Override
    public boolean inTransaction() {
        return false;
    }

    /** A handle for a transaction: getting it is made again like any call (nothing of the transaction has run then). */
    Handle open() {
        return reconnecting(jdbi::open);
    }

    /**
     * The call, made again on a new connection while it fails by losing its connection, up to the
     * patience. Once a call has waited it out in vain, the catalog is taken to be down: later calls
     * try once, without waiting, until one succeeds (a failing run's clean-up does not wait again).
     */
    private <T> T reconnecting(Supplier<T> call) {
        long deadline = System.nanoTime() + (down ? 0 : patience.toNanos());
        long pause = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = call.get();
                down = false;
                return result;
            } catch (RuntimeException e) {
                if (!ConnectionLoss.is(e)) {
                    throw e;
                }
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    down = true;
                    throw e;
                }
                if (attempt == 1) {
                    LOG.warn("the catalog connection was lost ({}); reconnecting for up to {} s", Catalog.rootMessage(e),
                            patience.toSeconds());
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new CatalogException("interrupted while reconnecting to the catalog", interrupted);
            }
            pause = Math.min(1_000, pause * 2);
        }
    }
}
