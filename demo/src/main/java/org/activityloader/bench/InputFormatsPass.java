package org.activityloader.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.config.RegistryUrl;
import org.activityloader.config.TopicBinding;
import org.activityloader.config.TopicFormat;
import org.activityloader.demo.FramedEvents;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.SchemaRegistryServer;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.write.Storage;

/**
 * Events/s per input format: the same page views sent as JSON, as registry-framed Avro (their schema
 * in an in-process registry) and as text lines (the JSON as a log line), each to a topic of its own;
 * for each, a consume-only drain of its topic (the ceiling for those bytes) and a full run into a
 * fresh catalog and warehouse, one after the other in this JVM.
 */
final class InputFormatsPass {
    private final PrintWriter out;

    InputFormatsPass(PrintWriter out) {
        this.out = out;
    }

    /** @param jobOf a fresh job (catalog and warehouse of its own) for a pass name */
    void run(EmbeddedKafka kafka, Function<String, JobSpec> jobOf, long events) throws IOException {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            JobSpec base = jobOf.apply("formats-json");
            FramedEvents framed = new FramedEvents(base, registry);
            List<TopicBinding> bindings = List.of(new TopicBinding("page_views_json", "page_view"),
                    TopicBinding.registryFramed("page_views_avro", "page_view", RegistryUrl.parse(registry.url())),
                    new TopicBinding("page_views_text", "page_view_line", TopicFormat.TEXT));
            kafka.createTopics(bindings.stream().map(TopicBinding::topic).toList(), 4);
            Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));
            for (TopicBinding b : bindings) { // one seed: the same events in each topic; a text line is the JSON as it is
                TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), 3).withoutIds()
                        .withTopicSuffix(b.topic().substring("page_views".length()));
                (b.format() == TopicFormat.AVRO_REGISTRY ? generator.encodedAs(framed::encode) : generator)
                        .produce(events, start, 6, 0, List.of("page_view"));
            }
            out.printf(Locale.ROOT, "input formats: the same %,d page views per format, each in a topic of its own:%n", events);
            out.printf(Locale.ROOT, "  %-14s %10s %16s %14s %16s%n", "format", "bytes/event", "consume-only ev/s", "full run ev/s",
                    "full / consume");
            for (TopicBinding b : bindings) {
                JobSpec job = jobOf.apply("formats-" + b.format().value()).withTopics(List.of(b));
                long t0 = System.nanoTime();
                ConsumeOnly.Drained ceiling = ConsumeOnly.drain(job, events);
                double ceilingRate = ceiling.records() / ((System.nanoTime() - t0) / 1e9);
                try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
                    long t1 = System.nanoTime();
                    RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                    double rate = s.counts().recordsWritten() / ((System.nanoTime() - t1) / 1e9);
                    out.printf(Locale.ROOT, "  %-14s %10.0f %,16.0f %,14.0f %16.2f%s%n", b.format().value(),
                            (double) ceiling.bytes() / Math.max(1, ceiling.records()), ceilingRate, rate, rate / ceilingRate,
                            s.counts().recordsWritten() == events ? "" : "  (wrote " + s.counts().recordsWritten() + " of " + events + ")");
                }
            }
            out.printf(Locale.ROOT, "  registry lookups: %d (one per schema id a run)%n", registry.lookups());
        }
    }
}
