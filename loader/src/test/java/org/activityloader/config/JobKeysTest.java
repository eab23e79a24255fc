package org.activityloader.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys are defined once: the README's table, the overrides and the job file writer all follow {@link JobKeys}. */
class JobKeysTest {
    private static final Path README = Path.of(System.getenv().getOrDefault("LOADER_REPO_ROOT", "..")).resolve("README.md");
    private static final String TABLE_START = "| key | meaning |";

    /** The README's table of keys, as the registry says it must read. */
    static List<String> expectedTable() {
        List<String> rows = new ArrayList<>(List.of(TABLE_START, "| --- | --- |"));
        for (JobKey<?> key : JobKeys.ALL) {
            String shown = key.required() ? " (required)" : " [" + key.readmeDefault() + "]";
            rows.add("| `" + key.path() + "` | " + key.doc() + shown + " |");
        }
        return rows;
    }

    @Test
    void theReadmeTableIsTheRegistry() throws Exception {
        List<String> lines = Files.readAllLines(README);
        int start = lines.indexOf(TABLE_START);
        assertThat(start).as("the key table in README.md").isPositive();
        List<String> table = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            table.add(lines.get(i));
        }
        assertThat(String.join("\n", table)).as("README.md's key table (replace it by the expected text)")
                .isEqualTo(String.join("\n", expectedTable()));
    }

    @Test
    void everyScalarKeyCanBeOverriddenByItsVariableAndBySet() {
        for (JobKey<?> key : JobKeys.scalars()) {
            assertThat(key.environmentVariable()).isEqualTo("LOADER_" + key.path().toUpperCase().replace('.', '_'));
        }
        assertThat(JobKeys.scalars()).extracting(JobKey::path).doesNotContain("topics", "kafka.properties.*")
                .contains("kafka.bootstrap_servers", "output.warehouse", "catalog.url", "schedule");
    }

    @Test
    void everyDefaultIsValidForItsOwnType() {
        for (JobKey<?> key : JobKeys.scalars()) {
            assertThat(key.fallback().isPresent()).as(key.path()).isEqualTo(key.defaultText() != null);
        }
        assertThat(JobKeys.KAFKA_REQUEST_TIMEOUT.fallback()).contains(Duration.ofSeconds(30));
        assertThat(JobKeys.OUTPUT_ROW_GROUP_SIZE.fallback()).contains(8L << 20);
        assertThat(JobKeys.EVENT_TIME_ZONE.fallback()).contains(ZoneId.of("UTC"));
    }

    @Test
    void aJobWrittenFromItsKeysLoadsBackTheSame(@TempDir Path dir) throws Exception {
        JobSpec written = TestJobs.job("roundtrip", "broker:9092", dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of("click", "search"))
                .withLimits(new RunLimits(5_000, 64L << 20, Duration.ofMinutes(7), 2L << 20, 0.25))
                .withOnGap(GapPolicy.FAIL);
        Path file = ChildLoader.writeJobFile(dir, written);
        JobSpec read = new JobLoader(dir, Map.of()).load(file.toString(), Map.of());
        assertThat(read.name()).isEqualTo(written.name());
        assertThat(read.kafka()).isEqualTo(written.kafka());
        assertThat(read.topics()).isEqualTo(written.topics());
        assertThat(read.eventTime()).isEqualTo(written.eventTime());
        assertThat(read.schemasDir()).isEqualTo(written.schemasDir());
        assertThat(read.output()).isEqualTo(written.output());
        assertThat(read.catalog()).isEqualTo(written.catalog());
        assertThat(read.limits()).isEqualTo(written.limits());
        assertThat(read.onGap()).isEqualTo(written.onGap());
        assertThat(read.leaseTimeout()).isEqualTo(written.leaseTimeout());
        assertThat(read.schedule()).isEqualTo(Optional.empty());
    }
}
