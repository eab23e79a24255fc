package org.activityloader.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.activityloader.config.KafkaSpec;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {
    private static final KafkaSpec SPEC = new KafkaSpec("broker:9092", Map.of(
            "max.poll.records", "100", "security.protocol", "SSL",
            "enable.auto.commit", "true", "group.id", "theirs", "auto.offset.reset", "earliest"), Duration.ofSeconds(45));

    @Test
    void theJobsPropertiesChangeTheDefaults() {
        Properties consumer = ClientSettings.consumer(SPEC);
        assertThat(consumer).containsEntry("bootstrap.servers", "broker:9092").containsEntry("max.poll.records", "100")
                .containsEntry("security.protocol", "SSL").containsEntry("isolation.level", "read_committed")
                .containsEntry("fetch.max.bytes", String.valueOf(16 << 20));
    }

    @Test
    void offsetsNeverLiveInKafkaWhateverTheJobSays() {
        Properties consumer = ClientSettings.consumer(SPEC);
        assertThat(consumer).containsEntry("enable.auto.commit", "false").containsEntry("auto.offset.reset", "none")
                .containsEntry("allow.auto.create.topics", "false").doesNotContainKey("group.id");
    }

    @Test
    void bothClientsGiveUpAfterTheRequestTimeout() {
        assertThat(ClientSettings.consumer(SPEC)).containsEntry("request.timeout.ms", "45000")
                .containsEntry("default.api.timeout.ms", "45000");
        assertThat(ClientSettings.admin(SPEC)).containsEntry("request.timeout.ms", "45000")
                .containsEntry("default.api.timeout.ms", "45000").containsEntry("client.id", "activity-loader-admin")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void aTimeoutBeyondAnIntIsTheLargestInt() {
        KafkaSpec forever = new KafkaSpec("broker:9092", Map.of(), Duration.ofDays(365 * 100));
        assertThat(ClientSettings.consumer(forever)).containsEntry("request.timeout.ms", String.valueOf(Integer.MAX_VALUE));
    }
}
