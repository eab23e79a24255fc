package org.activityloader.catalog;

import java.time.Instant;

/**
 * A row of backfill.
 *
 * @param hours      the hours rebuilt, e.g. {@code page_view 2026-11-20 00:00, page_view 2026-11-20 01:00}
 * @param notRebuilt what could not be rebuilt (offsets Kafka no longer holds), with --allow-partial; null otherwise
 */
public record BackfillRow(String runId, String job, String hours, String types, String reason, String requestedBy,
                          Instant requestedAt, long oldRecords, long newRecords, String notRebuilt) {
}
