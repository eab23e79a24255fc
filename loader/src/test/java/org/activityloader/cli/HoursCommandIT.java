package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.HourlyPartitioner;
import org.activityloader.partition.PartitionKey;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.PrometheusText;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of hour states, as cron runs it: {@code loader hours} with its filters and
 * JSON, the hours in {@code status} and in the metrics file, reports saying which hours may still
 * change, and a late event in the {@code late_arrivals} report and the hour's {@code _SUCCESS}.
 */
class HoursCommandIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    private static final HourlyPartitioner HOURS = new HourlyPartitioner(ZoneOffset.UTC);

    private static void produce(String topic, Instant... times) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Instant t : times) {
                String json = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_time\":" + t.toEpochMilli()
                        + ",\"session_id\":\"s\",\"site\":\"shop.example\",\"url\":\"https://shop.example/p\",\"target\":\"buy\"}";
                producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    @Test
    void hoursStatusMetricsReportsAndALateEventAsAnOperatorSeesThem(@TempDir Path dir) throws Exception {
        String topic = "hours_cli";
        kafka.createTopics(List.of(topic), 1);
        JobSpec base = TestJobs.job("hours_cli", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of("click"));
        JobSpec job = base.withTopics(List.of(new TopicBinding(topic, "click")));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Instant now = Instant.now();
        Instant old = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3)).plusSeconds(600);
        PartitionKey oldHour = HOURS.keyFor("click", old.toEpochMilli());
        PartitionKey current = HOURS.keyFor("click", now.toEpochMilli());
        produce(topic, old, old.plusSeconds(60), now.minusSeconds(1));
        Path prom = dir.resolve("loader.prom");
        assertThat(loader("run", jobFile.toString(), "--metrics-file", prom.toString(), "--progress", "none").exit()).isZero();

        LoaderCli.Result all = loader("hours", jobFile.toString());
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).containsPattern("click\\s+" + oldHour.date() + "\\s+" + String.format("%02d", oldHour.hour()) + "\\s+complete\\s+1\\s+2\\s")
                .containsPattern("click\\s+" + current.date() + "\\s+" + String.format("%02d", current.hour()) + "\\s+open\\s+1\\s+1\\s")
                .contains("(2 rows)");
        JsonNode open = new ObjectMapper().readTree(loader("hours", jobFile.toString(), "--state", "open", "--json").out());
        assertThat(open.get("hours")).hasSize(1);
        assertThat(open.get("hours").get(0).get("hour").asInt()).isEqualTo(current.hour());
        assertThat(open.get("hours").get(0).get("completed_at").isNull()).isTrue();
        String fromOld = old.truncatedTo(ChronoUnit.HOURS).toString();
        assertThat(loader("hours", jobFile.toString(), "--from", fromOld, "--to", old.truncatedTo(ChronoUnit.HOURS).plusSeconds(3600).toString())
                .out()).contains("complete").doesNotContain("open").contains("(1 row)");
        LoaderCli.Result bad = loader("hours", jobFile.toString(), "--state", "closed");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--state is open, complete or amended, not closed");

        assertThat(loader("status", jobFile.toString()).out()).contains("Hours: 1 open (oldest: " + current.label() + "), 1 complete, 0 amended");
        Map<String, Double> metrics = PrometheusText.parse(Files.readString(prom));
        assertThat(metrics).containsEntry("loader_hours_open{job=\"hours_cli\"}", 1.0)
                .containsEntry("loader_late_records_total{job=\"hours_cli\"}", 0.0);
        assertThat(metrics.get("loader_oldest_open_hour_seconds{job=\"hours_cli\"}")).isPositive().isLessThan(3600.0 + 60);
        assertThat(loader("report", jobFile.toString(), "events_by_hour").out())
                .contains("hours from " + now.truncatedTo(ChronoUnit.HOURS) + " on may still receive data");
        Path marker = dir.resolve("warehouse").resolve(FileNames.successMarker(oldHour));
        assertThat(new ObjectMapper().readTree(marker.toFile()).get("records").asLong()).isEqualTo(2);
        assertThat(dir.resolve("warehouse").resolve(FileNames.successMarker(current))).doesNotExist();

        // A late event for the complete hour: loaded, and the hour amended.
        produce(topic, old.plusSeconds(120));
        assertThat(loader("run", jobFile.toString(), "--metrics-file", prom.toString(), "--progress", "none").exit()).isZero();
        JsonNode amended = new ObjectMapper().readTree(loader("hours", jobFile.toString(), "--state", "amended", "--json").out());
        assertThat(amended.get("hours")).hasSize(1);
        assertThat(amended.get("hours").get(0).get("records").asLong()).isEqualTo(3);
        assertThat(amended.get("hours").get(0).get("late_records").asLong()).isEqualTo(1);
        JsonNode rewritten = new ObjectMapper().readTree(marker.toFile());
        assertThat(rewritten.get("state").asText()).isEqualTo("amended");
        assertThat(rewritten.get("records").asLong()).isEqualTo(3);
        JsonNode late = new ObjectMapper().readTree(loader("report", jobFile.toString(), "late_arrivals", "--format", "json").out());
        assertThat(late.get("rows")).hasSize(1);
        assertThat(PrometheusText.parse(Files.readString(prom))).containsEntry("loader_late_records_total{job=\"hours_cli\"}", 1.0);
        assertThat(loader("verify", jobFile.toString()).out()).contains("OK, no findings");

        // compaction: auto merges the amended hour's two files after a run, the hour and its records as they were.
        LoaderCli.Result auto = loader("run", jobFile.toString(), "--set", "compaction=auto", "--progress", "none");
        assertThat(auto.exit()).as(auto.err()).isZero();
        assertThat(auto.out()).containsPattern("compaction \\S+: merged the small files of complete hours");
        JsonNode compacted = new ObjectMapper().readTree(loader("hours", jobFile.toString(), "--state", "amended", "--json").out());
        assertThat(compacted.get("hours").get(0).get("files").asLong()).isEqualTo(1);
        assertThat(compacted.get("hours").get(0).get("records").asLong()).isEqualTo(3);
        LoaderCli.Result dry = loader("compact", jobFile.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("0 group(s)").contains("dry run: nothing was changed");
        assertThat(loader("verify", jobFile.toString()).out()).contains("OK, no findings");
    }
}
