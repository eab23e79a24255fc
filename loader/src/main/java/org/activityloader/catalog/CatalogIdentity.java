package org.activityloader.catalog;

import java.time.Instant;
import java.util.UUID;

/** The one row naming this catalog (catalog_identity), so that a warehouse can tell its catalog from another. */
public final class CatalogIdentity {
    private final CatalogCalls calls;

    CatalogIdentity(CatalogCalls calls) {
        this.calls = calls;
    }

    /** The catalog's id, made by whichever command asks first (another asking at once finds that one's). */
    public String id(Instant now) {
        return find().orElseGet(() -> {
            try {
                calls.call(h -> {
                    h.attach(CatalogIdentityDao.class).insert(UUID.randomUUID().toString(), now);
                    return null;
                });
            } catch (RuntimeException e) {
                // another command wrote it first: read below
            }
            return find().orElseThrow(() -> new IllegalStateException("the catalog's identity row could not be written"));
        });
    }

    private java.util.Optional<String> find() {
        return calls.call(h -> h.attach(CatalogIdentityDao.class).find());
    }
}
