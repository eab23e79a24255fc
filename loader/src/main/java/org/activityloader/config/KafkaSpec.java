package org.activityloader.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka connection: bootstrap servers plus client properties passed through as they are
 * (security.protocol, sasl.*, ssl.*, ...).
 *
 * @param requestTimeout how long a broker may stay silent before the run fails instead of waiting
 * @param commitGroup     the consumer group the loaded offsets are mirrored into after each load, for
 *                        Kafka's own tools (never read back); empty: none
 * @param deadLetterTopic the topic a published run's dead letters are also sent to; empty: none
 */
public record KafkaSpec(String bootstrapServers, Map<String, String> properties, Duration requestTimeout,
                        Optional<String> commitGroup, Optional<String> deadLetterTopic) {
    public KafkaSpec {
        properties = Map.copyOf(properties);
    }

    /** Without a consumer group mirror or a dead-letter topic. */
    public KafkaSpec(String bootstrapServers, Map<String, String> properties, Duration requestTimeout) {
        this(bootstrapServers, properties, requestTimeout, Optional.empty(), Optional.empty());
    }

    public KafkaSpec withCommitGroup(Optional<String> group) {
        return new KafkaSpec(bootstrapServers, properties, requestTimeout, group, deadLetterTopic);
    }

    public KafkaSpec withDeadLetterTopic(Optional<String> topic) {
        return new KafkaSpec(bootstrapServers, properties, requestTimeout, commitGroup, topic);
    }

    /** The same cluster and client, another request timeout. */
    public KafkaSpec withRequestTimeout(Duration timeout) {
        return new KafkaSpec(bootstrapServers, properties, timeout, commitGroup, deadLetterTopic);
    }

    /** Client properties with the bootstrap servers set; secrets in them are the caller's to keep. */
    public Properties clientProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    @Override
    public String toString() {
        return "KafkaSpec[bootstrapServers=" + bootstrapServers + ", properties=" + properties.keySet() + ", commitGroup="
                + commitGroup.orElse("none") + ", deadLetterTopic=" + deadLetterTopic.orElse("none") + "]";
    }
}
