package org.activityloader.run;

import org.activityloader.source.KafkaSource;

/** Kafka, as the runs that read it (a load, a backfill) plan and stage from it. */
record KafkaInput(KafkaSource kafka) implements RunInput {
    @Override
    public void close() {
        kafka.close();
    }
}
