package org.activityloader.config;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Kafka connection: bootstrap servers plus client properties passed through as they are
 * (security.protocol, sasl.*, ssl.*, ...).
 *
 * @param requestTimeout how long a broker may stay silent before the run fails instead of waiting
 */
public record KafkaSpec(String bootstrapServers, Map<String, String> properties, Duration requestTimeout) {
    public KafkaSpec {
        properties = Map.copyOf(properties);
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
        return "KafkaSpec[bootstrapServers=" + bootstrapServers + ", properties=" + properties.keySet() + "]";
    }
}
