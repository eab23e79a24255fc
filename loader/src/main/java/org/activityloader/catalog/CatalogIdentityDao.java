package org.activityloader.catalog;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** catalog_identity: the one row naming this catalog, so that a warehouse can tell its catalog from another. */
interface CatalogIdentityDao {
    @SqlQuery("SELECT catalog_id FROM catalog_identity WHERE singleton = 1")
    Optional<String> find();

    /** Fails on the primary key when another command wrote the row first; its id is then the one. */
    @SqlUpdate("INSERT INTO catalog_identity (singleton, catalog_id, created_at) VALUES (1, :id, :at)")
    void insert(@Bind("id") String id, @Bind("at") Instant at);
}
