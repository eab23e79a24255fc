package org.activityloader.run;

import java.util.HashMap;
import java.util.Map;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.config.RegistryUrl;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.decode.DecodeResult;
import org.activityloader.decode.EventDecoder;
import org.activityloader.decode.RecordDecoder;
import org.activityloader.decode.RegistryAvroDecoder;
import org.activityloader.decode.RegistryClient;
import org.activityloader.decode.TextLineDecoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How the job's records are judged, the same for every kind of run that reads them: each topic's
 * record decoded against its activity type's schema, after the size limit; one registry client per
 * registry, so that each schema id is asked once a run. Not thread-safe (its
 * decoders are not): one per consuming thread.
 */
final class TopicDecoders {
    private final long maxEventBytes;
    private final Map<String, ActivitySchema> schemaOfTopic = new HashMap<>();
    private final Map<String, RecordDecoder> decoderOfTopic = new HashMap<>();

    TopicDecoders(JobSpec spec, ActivitySchemas schemas) {
        this.maxEventBytes = spec.limits().maxEventBytes();
        Map<RegistryUrl, RegistryClient> registries = new HashMap<>();
        for (TopicBinding t : spec.topics()) {
            ActivitySchema s = schemas.get(t.activityType());
            schemaOfTopic.put(t.topic(), s);
            decoderOfTopic.put(t.topic(), switch (t.format()) {
                case TEXT -> new TextLineDecoder();
                case JSON -> new EventDecoder(s.schema(), spec.eventTime().field());
                case AVRO_REGISTRY -> new RegistryAvroDecoder(s.schema(), spec.eventTime().field(), registries.computeIfAbsent(
                        t.registry().orElseThrow(), url -> new RegistryClient(url, spec.kafka().requestTimeout())));
            });
        }
    }

    /** The schema the topic's records are decoded with (and written with). */
    ActivitySchema schemaOf(String topic) {
        return schemaOfTopic.get(topic);
    }

    /** The record as an event of its topic's type, or rejected: larger than limits.max_event_size, or not decodable. */
    DecodeResult decode(ConsumerRecord<byte[], byte[]> rec) {
        if (rec.value() != null && rec.value().length > maxEventBytes) {
            return new DecodeResult.Rejected("too_large", rec.value().length + " bytes, more than limits.max_event_size ("
                    + maxEventBytes + ")");
        }
        return decoderOfTopic.get(rec.topic()).decode(rec);
    }
}
