package org.activityloader.catalog;

import java.time.Instant;

/** A schema some data files were written with (schema_version), with the run that first used it and when. */
public record SchemaVersion(String fingerprint, String activityType, String schemaJson, String firstRun, Instant firstUsedAt) {
}
