package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.ProblemCount;
import org.activityloader.partition.PartitionKey;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    private static final Instant AT = Instant.parse("2026-05-01T10:00:00Z");

    private static JobStatus status(Optional<String> kafkaError) {
        JobStatus.Partition loaded = new JobStatus.Partition("clicks", 0, Optional.of(90L), 10, 100, 10, Optional.of(12.3456), Optional.empty());
        JobStatus.Partition fresh = new JobStatus.Partition("clicks", 1, Optional.empty(), 0, 5, 5, Optional.empty(),
                Optional.of("offsets [0, 3) were deleted"));
        JobStatus.Run run = new JobStatus.Run("r-1", "load", "SUCCEEDED", AT.minusSeconds(60), Optional.of(AT), Optional.of(60.0),
                100, 98, 2, 3, Optional.of(1.6666666), Optional.empty());
        return new JobStatus("activity", AT, 7, Optional.of("0 */5 * * * ?"), List.of("node-a"), Optional.of(AT.plusSeconds(300)),
                Optional.of(AT), List.of(loaded, fresh), kafkaError, List.of(run), List.of(new ProblemCount("clicks", "malformed_json", 2)),
                List.of(new OffsetGapRow("r-0", "clicks", 1, 0, 0, 3)), new HourCounts(2, 30, 1,
                Optional.of(new PartitionKey("click", java.time.LocalDate.of(2026, 11, 20), 5)), Optional.of(AT.minusSeconds(7200)), 4));
    }

    private static JsonNode job(Optional<String> kafkaError) throws Exception {
        JsonNode root = new ObjectMapper().readTree(StatusView.json(List.of(status(kafkaError))));
        assertThat(root.get("jobs")).hasSize(1);
        return root.get("jobs").get(0);
    }

    @Test
    void aJobsDocumentHasItsFieldsInTheReadmesOrder() throws Exception {
        JsonNode job = job(Optional.empty());
        assertThat(job.fieldNames()).toIterable().containsExactly("job", "at", "catalog_version", "schedule", "next_firing",
                "schedulers", "last_success", "lag_records", "lag_seconds", "kafka_error", "partitions", "runs", "dead_letters_24h",
                "gaps_24h", "hours");
        assertThat(job.get("lag_records").asLong()).isEqualTo(15);
        assertThat(job.get("lag_seconds").asDouble()).isEqualTo(12.346);
        assertThat(job.get("kafka_error").isNull()).isTrue();
        assertThat(job.get("schedulers").get(0).asText()).isEqualTo("node-a");
    }

    @Test
    void partitionsRunsAndProblems() throws Exception {
        JsonNode job = job(Optional.empty());
        JsonNode fresh = job.get("partitions").get(1);
        assertThat(fresh.get("next_offset").isNull()).isTrue();
        assertThat(fresh.get("lag_seconds").isNull()).isTrue();
        assertThat(fresh.get("warning").asText()).isEqualTo("offsets [0, 3) were deleted");
        assertThat(job.get("partitions").get(0).get("next_offset").asLong()).isEqualTo(90);
        JsonNode run = job.get("runs").get(0);
        assertThat(run.fieldNames()).toIterable().containsExactly("run_id", "kind", "status", "started_at", "finished_at",
                "duration_seconds", "records_read", "records_written", "records_rejected", "files", "events_per_second", "error");
        assertThat(run.get("events_per_second").asDouble()).isEqualTo(1.667);
        assertThat(job.get("dead_letters_24h").get(0).get("problem").asText()).isEqualTo("malformed_json");
        assertThat(job.get("gaps_24h").get(0).get("to_offset").asLong()).isEqualTo(3);
        JsonNode hours = job.get("hours");
        assertThat(hours.fieldNames()).toIterable().containsExactly("open", "complete", "amended", "late_records", "oldest_open",
                "oldest_open_start");
        assertThat(hours.get("open").asLong()).isEqualTo(2);
        assertThat(hours.get("oldest_open").asText()).isEqualTo("click 2026-11-20 05:00");
        assertThat(StatusView.text(status(Optional.empty())))
                .contains("Hours: 2 open (oldest: click 2026-11-20 05:00), 30 complete, 1 amended (4 late records)");
    }

    @Test
    void withoutKafkasAnswerItsSideIsNullNeverZero() throws Exception {
        JsonNode job = job(Optional.of("cannot reach Kafka"));
        assertThat(job.get("lag_records").isNull()).isTrue();
        assertThat(job.get("kafka_error").asText()).isEqualTo("cannot reach Kafka");
        JsonNode p = job.get("partitions").get(0);
        assertThat(p.get("log_start").isNull()).isTrue();
        assertThat(p.get("log_end").isNull()).isTrue();
        assertThat(p.get("lag_records").isNull()).isTrue();
        assertThat(p.get("next_offset").asLong()).as("the catalog's side is known").isEqualTo(90);
    }
}
