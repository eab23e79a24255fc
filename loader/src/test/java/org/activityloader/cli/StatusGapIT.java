package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offsets lost to retention are reported by {@code loader run} and then by {@code loader status}. */
class StatusGapIT {

    @Test
    void runAndStatusWarnAboutOffsetsLostToRetention(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            kafka.createTopics(List.of("clicks"), 4);
            Path job = ChildLoader.writeJobFile(dir, TestJobs.job("gaps", kafka.bootstrapServers(), dir.resolve("warehouse"),
                    TestCatalogs.h2(dir), List.of("click")));
            TrafficGenerator traffic = new TrafficGenerator(kafka.bootstrapServers(), 71);
            traffic.produce(1_000, Instant.parse("2026-09-01T00:00:00Z"), 2, 0, List.of("click"));

            LoaderCli.Result first = loader("run", job.toString());
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).doesNotContain("WARNING");
            long loaded = endOffset(admin, 2);

            LoaderCli.Result clean = loader("status", job.toString());
            assertThat(clean.exit()).as(clean.err()).isZero();
            assertThat(clean.out()).contains("clicks").doesNotContain("WARNING");

            traffic.produce(1_000, Instant.parse("2026-09-01T02:00:00Z"), 2, 0, List.of("click"));
            long cut = loaded + 7;
            assertThat(endOffset(admin, 2)).isGreaterThan(cut);
            kafka.deleteRecordsBefore("clicks", 2, cut);

            LoaderCli.Result withGap = loader("run", job.toString());
            assertThat(withGap.exit()).as(withGap.err()).isZero();
            assertThat(withGap.out()).contains("WARNING: offsets [" + loaded + ", " + cut + ") of clicks-2 were deleted by Kafka"
                    + " before they were loaded (7 records lost to retention; recorded in offset_gap)");

            LoaderCli.Result status = loader("status", job.toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("Offset gaps, last 24 hours:").contains("WARNING: offsets [" + loaded + ", " + cut
                    + ") of clicks-2 were deleted by Kafka before they were loaded (recorded by run ");
            String row = status.out().lines().filter(l -> l.matches("\\s*clicks\\s+2\\s.*")).findFirst().orElseThrow();
            assertThat(row.trim().split("\\s+")).as("partition 2: next offset, log start, log end, no lag")
                    .containsExactly("clicks", "2", String.valueOf(endOffset(admin, 2)), String.valueOf(cut),
                            String.valueOf(endOffset(admin, 2)), "0");
        }
    }

    private static long endOffset(Admin admin, int partition) throws Exception {
        TopicPartition tp = new TopicPartition("clicks", partition);
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(tp).offset();
    }
}
