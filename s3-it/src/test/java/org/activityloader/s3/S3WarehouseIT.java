package org.activityloader.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunState;
import org.activityloader.commit.JobBusyException;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.Await;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.RemoteWarehouse;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader on an {@code s3a://} warehouse, against S3Proxy in a JVM of its own. S3 has no atomic
 * rename: S3A's is a server-side copy of each file, then a delete, and publishing goes by that (a
 * copy on publish). Tested: a {@code loader run} in a child JVM halted in the middle of publishing
 * (some files in place, some still staged), and a move cut short between its copy and its delete
 * (both there); the next run finishes either. Then loads through {@code bin/loader} with the S3
 * client jars and a {@code core-site.xml} as an operator sets them up, a backfill, a compaction,
 * {@code verify}, {@code loader sql} and a report; every event in the live files exactly once.
 */
class S3WarehouseIT {
    private static final Instant FIRST_HOUR = Instant.parse("2026-06-01T10:00:00Z");
    private static final String BUCKET = "warehouse";

    @Test
    void loadsRecoversFromAKillDuringPublishBackfillsCompactsAndVerifiesOnS3(@TempDir Path dir) throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"), BUCKET);
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            System.setProperty("s3.test.endpoint", s3.endpoint()); // read by this JVM's core-site.xml
            kafka.createTopics(List.of("clicks"), 2);
            TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), 17);
            Traffic produced = generator.produce(3_000, FIRST_HOUR, 3, 100, List.of("click"));
            URI warehouse = URI.create("s3a://" + BUCKET + "/loader");
            JobSpec job = RemoteWarehouse.job("s3", kafka.bootstrapServers(), dir, warehouse).withLeaseTimeout(Duration.ofSeconds(2));
            try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse)) {
                assertThat(storage.rootUri().getScheme()).isEqualTo("s3a");
                Path jobFile = ChildLoader.writeJobFile(dir, job);

                // A child `loader run` halted (as kill -9 would) after the first file of its commit was copied into place.
                Process killed = ChildLoader.start(dir.resolve("killed.log"), "BETWEEN_RENAMES:halt",
                        Map.of("s3.test.endpoint", s3.endpoint()), "run", jobFile.toString());
                assertThat(ChildLoader.await(killed, 180)).as(Files.readString(dir.resolve("killed.log"))).isEqualTo(137);
                List<DataFileRow> committed = catalog.manifest().ofRun(catalog.runs().recent(job.name(), 1).get(0).runId());
                assertThat(committed.stream().filter(f -> exists(storage, f.path()))).as("some files in place").isNotEmpty()
                        .hasSizeLessThan(committed.size());
                RunSummary recovering = afterLease(job, catalog, storage);
                assertThat(recovering.recovered()).anyMatch(r -> r.contains("published committed run"));
                assertThat(RemoteWarehouse.rows(catalog, storage, job)).isEqualTo(produced.good());

                // A move cut short between S3A's copy and its delete: the file at its final path and still in staging.
                Traffic second = generator.produce(900, FIRST_HOUR, 3, 0, List.of("click"));
                Process halted = ChildLoader.start(dir.resolve("halted.log"), "AFTER_COMMIT_BEFORE_PUBLISH:halt",
                        Map.of("s3.test.endpoint", s3.endpoint()), "run", jobFile.toString());
                assertThat(ChildLoader.await(halted, 180)).as(Files.readString(dir.resolve("halted.log"))).isEqualTo(137);
                String haltedRun = catalog.runs().recent(job.name(), 1).get(0).runId();
                assertThat(catalog.runs().find(haltedRun).orElseThrow().status()).isEqualTo(RunState.COMMITTED);
                DataFileRow copied = catalog.manifest().ofRun(haltedRun).get(0);
                storage.fileSystem().mkdirs(storage.resolve(copied.path()).getParent());
                org.apache.hadoop.fs.FileUtil.copy(storage.fileSystem(), storage.resolve(copied.stagingPath()), storage.fileSystem(),
                        storage.resolve(copied.path()), false, storage.configuration());
                assertThat(exists(storage, copied.stagingPath()) && exists(storage, copied.path())).as("both there").isTrue();
                assertThat(afterLease(job, catalog, storage).recovered()).anyMatch(r -> r.contains("published committed run " + haltedRun));
                assertThat(exists(storage, copied.stagingPath())).as("the staged copy removed").isFalse();
                long good = produced.good() + second.good();
                assertThat(RemoteWarehouse.rows(catalog, storage, job)).isEqualTo(good);

                // As an operator runs it: bin/loader with Hadoop's shaded client, hadoop-aws and the SDK's S3 jars, and a core-site.xml.
                Traffic third = generator.produce(600, FIRST_HOUR, 3, 0, List.of("click"));
                Path log = dir.resolve("launcher.log");
                ProcessBuilder bin = new ProcessBuilder(RemoteWarehouse.repoRoot().resolve("bin/loader").toString(), "run",
                        jobFile.toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).directory(dir.toFile());
                bin.environment().put("LOADER_BUILD", "never");
                bin.environment().put("LOADER_HADOOP_LIB", s3Client(dir.resolve("hadoop-s3")).toString());
                bin.environment().put("LOADER_HADOOP_CONF_DIR", coreSite(dir.resolve("hadoop-conf"), s3.endpoint()).toString());
                Process launcher = bin.start();
                assertThat(launcher.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)).as("bin/loader run ended").isTrue();
                assertThat(launcher.exitValue()).as(Files.readString(log)).isZero();
                good += third.good();
                assertThat(RemoteWarehouse.rows(catalog, storage, job)).isEqualTo(good);

                RemoteWarehouse.backfillCompactVerifyAndReport(job, catalog, storage, FIRST_HOUR, good);
            }
        }
    }

    /**
     * The same events loaded into S3Proxy and into a local folder, one after the other: a figure printed,
     * never asserted (S3Proxy on the same two cores, writing to this disk: what the copy on publish and
     * the uploads cost, not S3's speed).
     */
    @Test
    void printsWhatAnS3WarehouseCostsBesideALocalOne(@TempDir Path dir) throws Exception {
        // A bucket of its own: Hadoop caches a file system per bucket for the JVM, and the other test's S3Proxy is gone.
        try (S3ProxyServer s3 = S3ProxyServer.start(dir.resolve("s3"), "bench");
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            System.setProperty("s3.test.endpoint", s3.endpoint());
            kafka.createTopics(List.of("clicks"), 4);
            long events = Long.getLong("s3.bench.events", 20_000);
            new TrafficGenerator(kafka.bootstrapServers(), 3).withoutIds().produce(events, FIRST_HOUR, 6, 0, List.of("click"));
            timed(kafka, dir.resolve("warm-up"), dir.resolve("warm-up/warehouse").toUri()); // the JIT's first pass, not timed
            RunSummary remote = timed(kafka, dir.resolve("remote"), URI.create("s3a://bench/warehouse"));
            RunSummary local = timed(kafka, dir.resolve("local"), dir.resolve("local/warehouse").toUri());
            System.out.printf("S3 bench: %,d events: a local folder %,.0f events/s (publish %.2f s), S3Proxy %,.0f events/s"
                            + " (publish, a copy per file: %.2f s; %d files) (%.2fx)%n", events, rate(local), publish(local),
                    rate(remote), publish(remote), remote.counts().filesWritten(), rate(remote) / rate(local));
            assertThat(remote.counts().recordsWritten()).isEqualTo(local.counts().recordsWritten());
        }
    }

    private static RunSummary timed(EmbeddedKafka kafka, Path dir, URI warehouse) throws Exception {
        JobSpec job = RemoteWarehouse.job("bench", kafka.bootstrapServers(), dir, warehouse);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse)) {
            return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
        }
    }

    private static double rate(RunSummary s) {
        return s.counts().recordsWritten() / (s.duration().toNanos() / 1e9);
    }

    private static double publish(RunSummary s) {
        return s.stages().getOrDefault("publish", Duration.ZERO).toNanos() / 1e9;
    }

    /** The next run, once the halted run's lease has expired. */
    private static RunSummary afterLease(JobSpec job, Catalog catalog, Storage storage) throws Exception {
        return Await.await(() -> {
            try {
                return Optional.of(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run());
            } catch (JobBusyException leaseStillHeld) {
                return Optional.empty();
            }
        }, Duration.ofSeconds(60), "a run after the halted run's lease expired");
    }

    private static boolean exists(Storage storage, String path) {
        try {
            return storage.exists(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A folder with what an s3a:// warehouse needs, as an operator makes one: Hadoop's shaded client,
     * hadoop-aws and the AWS SDK's S3 jars (with their HTTP clients), those of this test's class path.
     */
    private static Path s3Client(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            String where = jar.toAbsolutePath().toString().replace('\\', '/');
            if (name.startsWith("hadoop-client-api-") || name.startsWith("hadoop-client-runtime-") || name.startsWith("hadoop-aws-")
                    || where.contains("/software/amazon/") || where.contains("/io/netty/")
                    || where.contains("/org/apache/httpcomponents/") || where.contains("/org/reactivestreams/")) {
                Files.copy(jar, folder.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertThat(folder.resolve("hadoop-aws-3.5.0.jar")).exists();
        return folder;
    }

    /** The core-site.xml a user writes for an S3-compatible store: its endpoint, path-style access, the keys. */
    private static Path coreSite(Path folder, String endpoint) throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("core-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property><name>fs.s3a.endpoint</name><value>%s</value></property>
                  <property><name>fs.s3a.endpoint.region</name><value>us-east-1</value></property>
                  <property><name>fs.s3a.path.style.access</name><value>true</value></property>
                  <property><name>fs.s3a.connection.ssl.enabled</name><value>false</value></property>
                  <property><name>fs.s3a.access.key</name><value>%s</value></property>
                  <property><name>fs.s3a.secret.key</name><value>%s</value></property>
                  <property><name>fs.s3a.multiobjectdelete.enable</name><value>false</value></property>
                </configuration>
                """.formatted(endpoint, S3ProxyServer.IDENTITY, S3ProxyServer.CREDENTIAL));
        return folder;
    }
}
