package org.activityloader.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.Compression;
import org.activityloader.config.EventTimeSpec;
import org.activityloader.config.GapPolicy;
import org.activityloader.config.HourSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.KafkaSpec;
import org.activityloader.config.OutputFormat;
import org.activityloader.config.OutputSpec;
import org.activityloader.config.RunLimits;
import org.activityloader.config.TopicBinding;
import org.activityloader.embedded.TrafficGenerator;

/** Job specs for tests, on the repository's schemas. */
public final class TestJobs {
    public static final Path SCHEMAS = Path.of("../schemas").toAbsolutePath().normalize();

    private TestJobs() {
    }

    public static JobSpec job(String name, String bootstrap, Path warehouse, CatalogSpec catalog, List<String> types) {
        List<TopicBinding> topics = types.stream().map(t -> new TopicBinding(TrafficGenerator.TOPICS.get(t), t)).toList();
        return new JobSpec(name, "test", new KafkaSpec(bootstrap, Map.of(), Duration.ofSeconds(15)), topics,
                new EventTimeSpec("event_time", ZoneOffset.UTC, Duration.ofDays(3650), Duration.ofDays(3650)), SCHEMAS,
                new OutputSpec(warehouse.toUri(), OutputFormat.PARQUET, Compression.SNAPPY, 1 << 20, 64L << 20, 16),
                catalog, RunLimits.NONE, GapPolicy.SKIP, Duration.ofMinutes(2), Optional.empty(), ZoneOffset.UTC,
                Duration.ofHours(24), HourSpec.DEFAULT, 1);
    }
}
