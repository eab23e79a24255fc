package org.activityloader.catalog;

import java.util.List;
import java.util.Optional;

/** Every schema data files were written with (schema_version), keyed by fingerprint. */
public final class Schemas {
    private final CatalogCalls calls;

    Schemas(CatalogCalls calls) {
        this.calls = calls;
    }

    /** Kept once per fingerprint, by the first run that writes with it; another job's first use at the same time is fine. */
    public void register(String fingerprint, String activityType, String schemaJson, String firstRunId) {
        try {
            calls.call(h -> {
                SchemaDao schemas = h.attach(SchemaDao.class);
                if (schemas.count(fingerprint) == 0) {
                    schemas.insert(fingerprint, activityType, schemaJson, firstRunId);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (calls.call(h -> h.attach(SchemaDao.class).count(fingerprint)) == 0) {
                throw e;
            }
        }
    }

    /** Per hour and schema version, the job's live files. */
    public List<SchemaUse> liveUses(String job) {
        return calls.call(h -> h.attach(SchemaDao.class).liveUses(job));
    }

    /** The versions the job's files were written with, oldest first per activity type. */
    public List<SchemaVersion> versionsOfJob(String job) {
        return calls.call(h -> h.attach(SchemaDao.class).versionsOfJob(job));
    }

    public Optional<SchemaVersion> find(String fingerprint) {
        return calls.call(h -> h.attach(SchemaDao.class).find(fingerprint)).stream().findFirst();
    }
}
