package org.activityloader.demo;

import java.util.HashMap;
import java.util.Map;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.DecodeResult;
import org.activityloader.decode.EventDecoder;
import org.activityloader.embedded.RegistryFraming;
import org.activityloader.embedded.SchemaRegistryServer;

/**
 * Turns the traffic generator's JSON events into registry-framed Avro, as a producer with a
 * registry-aware serializer sends them: each activity type's schema registered once, each event read
 * into it and framed with its id. For the demo and the bench; not thread-safe.
 */
public final class FramedEvents {
    private final ActivitySchemas schemas;
    private final SchemaRegistryServer registry;
    private final String eventTimeField;
    private final Map<String, EventDecoder> decoders = new HashMap<>();
    private final Map<String, RegistryFraming> framings = new HashMap<>();

    public FramedEvents(JobSpec spec, SchemaRegistryServer registry) {
        this.schemas = ActivitySchemas.of(spec);
        this.registry = registry;
        this.eventTimeField = spec.eventTime().field();
    }

    public byte[] encode(String type, byte[] json) {
        DecodeResult read = decoders.computeIfAbsent(type, t -> new EventDecoder(schemas.get(t).schema(), eventTimeField))
                .decode(json, System.currentTimeMillis());
        if (!(read instanceof DecodeResult.Decoded d)) {
            throw new IllegalStateException("the generator's event is not a " + type + ": " + ((DecodeResult.Rejected) read).reason());
        }
        return framings.computeIfAbsent(type, t -> new RegistryFraming(registry, schemas.get(t).schema())).frame(d.record());
    }
}
