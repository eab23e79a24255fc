package org.activityloader.source;

import java.util.Properties;
import org.activityloader.config.KafkaSpec;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The properties of the loader's Kafka clients: the job's client properties, with defaults under them
 * and what the loader depends on over them. Every client gives up on a request after the job's
 * request timeout.
 */
final class ClientSettings {
    private ClientSettings() {
    }

    /** The consumer's: assigned partitions directly, no consumer group, no offsets kept in Kafka. */
    static Properties consumer(KafkaSpec spec) {
        Properties props = new Properties();
        // Defaults sized for batch draining with bounded memory; the job's properties may change them.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(16 << 20));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(4 << 20));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "activity-loader");
        props.putAll(spec.clientProperties());
        // Not negotiable: offsets live in the catalog, never in Kafka.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis(spec));
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis(spec));
        return props;
    }

    /** The admin client's: topic ids (which tell a recreated topic from the old one) come only from the admin API. */
    static Properties admin(KafkaSpec spec) {
        Properties props = new Properties();
        props.putAll(spec.clientProperties());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "activity-loader-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis(spec));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis(spec));
        return props;
    }

    /**
     * The dead-letter producer's: every send acknowledged by all in-sync replicas, once, and none
     * waiting longer than about the job's request timeout (the run is committed and waits on it).
     */
    static Properties deadLetterProducer(KafkaSpec spec) {
        Properties p = new Properties();
        p.putAll(spec.clientProperties());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "activity-loader-dead-letters");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long timeout = Math.min(Integer.MAX_VALUE / 3, spec.requestTimeout().toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(2 * timeout + 1_000)); // at least linger + request
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 << 20));
        return p;
    }

    private static String timeoutMillis(KafkaSpec spec) {
        return String.valueOf((int) Math.min(Integer.MAX_VALUE, spec.requestTimeout().toMillis()));
    }
}
