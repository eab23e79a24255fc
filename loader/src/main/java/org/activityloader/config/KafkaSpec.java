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
 * @param commitGroup    the consumer group the loaded offsets are mirrored into after each load, for
 *                       Kafka's own tools (never read back); empty: none
 */
public record KafkaSpec(String bootstrapServers, Map<String, String> properties, Duration requestTimeout,
                        Optional<String> commitGroup) {
    public KafkaSpec {
        properties = Map.copyOf(properties);
    }

    /** Without a consumer group mirror. */
    public KafkaSpec(String bootstrapServers, Map<String, String> properties, Duration requestTimeout) {
        this(bootstrapServers, properties, requestTimeout, Optional.empty());
    }

    public KafkaSpec withCommitGroup(Optional<String> group) {
        return new KafkaSpec(bootstrapServers, properties, requestTimeout, group);
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
                + commitGroup.orElse("none") + "]";
    }
}
