package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.Launcher;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory as a cron run meets it, through the real launcher ({@code bin/loader run}, its own JVM
 * options) on a backlog of wide events (long URLs and user agents, millions of users) spread over 48
 * hours of four activity types, interleaved: with a 256 MB heap every event loads and garbage
 * collection takes a bounded share of the run; with a heap that cannot hold it the run stops with
 * its own exit code and commits nothing, and the next run loads everything once; SIGTERM stops a
 * run within its grace period while the JVM collects garbage nearly all the time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryIT {
    private static final List<String> TYPES = List.of("page_view", "search", "click", "signup");
    private static final int EVENTS = Integer.getInteger("memory.events", 240_000);
    private static final int HOURS = 48;
    /** The stop's grace, shortened from its 30 s: the churn reaches no safe point, so the run always waits it out. */
    private static final int GRACE_SECONDS = 8;
    private static final Pattern GC = Pattern.compile("garbage collection (\\d+)% of it");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("page_views", "searches", "clicks", "signups"), 4);
        Instant first = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS));
        produced = new TrafficGenerator(kafka.bootstrapServers(), 256).withoutIds().produce(EVENTS, first, HOURS, 0, TYPES);
    }

    @Test
    void aWideBacklogOverFortyEightHoursLoadsInA256MbHeap(@TempDir Path dir) throws Exception {
        JobSpec job = job(dir);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Launcher.Result run = Launcher.run(dir, "run", Map.of("LOADER_HEAP", "256m"), 600, "run", jobFile.toString());
        assertThat(run.exit()).as("exit; stderr:\n" + tail(run.err())).isZero();
        assertThat(run.out()).contains("read " + String.format("%,d", EVENTS) + " records");
        Matcher gc = GC.matcher(run.out());
        assertThat(gc.find()).as("the run reports its garbage collection time: " + run.out()).isTrue();
        assertThat(Integer.parseInt(gc.group(1))).as("share of the run spent collecting garbage").isLessThan(35);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            assertExactlyOnce(job, catalog, storage);
            long files = catalog.manifest().live(job.name()).size();
            assertThat(files).as("one file per activity type and hour: the budget flushes row groups, it does not close files")
                    .isEqualTo(produced.goodByHour().size());
        }
    }

    @Test
    void aHeapTooSmallForTheRunStopsItWithNothingCommitted(@TempDir Path dir) throws Exception {
        JobSpec job = job(dir);
        // Kafka fetches of 64 MB a request cannot fit a 64 MB heap beside anything else: out of memory, whatever the budget.
        Path jobFile = ChildLoader.writeJobFile(dir, job, "kafka:", "  properties:", "    fetch.max.bytes: 67108864",
                "    max.partition.fetch.bytes: 67108864");
        Launcher.Result tiny = Launcher.run(dir, "tiny", Map.of("LOADER_HEAP", "64m"), 600, "run", jobFile.toString());
        assertThat(tiny.exit()).as("the heap's own exit code; stderr:\n" + tail(tiny.err())).isEqualTo(9);
        List<String> errors = tiny.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("stopped").contains("heap").contains("nothing of it is committed").contains("LOADER_HEAP");
        Catalog catalog = Catalog.open(job.catalog());
        List<RunRow> runs = catalog.runs().recent(job.name(), 10);
        assertThat(runs).as("nothing committed").allSatisfy(r -> assertThat(r.catalogVersion()).isNull());

        Thread.sleep(job.leaseTimeout().toMillis() + 500); // in case the stopped run could not release its lease
        Launcher.Result sane = Launcher.run(dir, "sane", Map.of("LOADER_HEAP", "384m"), 600, "run", jobFile.toString());
        assertThat(sane.exit()).as("stderr:\n" + tail(sane.err())).isZero();
        try (Storage storage = new Storage(job.output().warehouse())) {
            assertExactlyOnce(job, catalog, storage);
        }
    }

    @Test
    void sigtermWhileTheJvmCollectsGarbageStopsTheRunWithinItsGrace(@TempDir Path dir) throws Exception {
        JobSpec job = job(dir);
        Path jobFile = ChildLoader.writeJobFile(dir, job, "limits:", "  max_records: 20000");
        // LOADER_CDS=off: the first run after a build writes the class archive as it exits, seconds more
        // with a full heap; the signal's path is what is timed here.
        Process p = Launcher.start(dir, "churn", Map.of("LOADER_HEAP", "256m", "LOADER_CDS", "off", "LOADER_JAVA_OPTS",
                "-Xmx256m -XX:+UseParallelGC -Dloader.gc.window.seconds=600 -Dloader.stop.grace.seconds=" + GRACE_SECONDS
                        + " -Dloader.fault=AFTER_STAGING_WRITE:churn=600000"),
                "run", jobFile.toString());
        try {
            ChildLoader.awaitLog(dir.resolve("churn.err"), "fault point AFTER_STAGING_WRITE reached", 300);
            Thread.sleep(5_000); // deep in it: the heap nine tenths full, every allocation a collection
            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start().waitFor();
            assertThat(p.waitFor(GRACE_SECONDS + 10, TimeUnit.SECONDS)).as("ended within the grace (and some)").isTrue();
            double seconds = (System.nanoTime() - signalled) / 1e9;
            System.out.printf("SIGTERM under garbage collection: the run ended %.1f s after the signal, exit %d%n", seconds, p.exitValue());
            assertThat(p.exitValue()).isEqualTo(143);
            assertThat(Files.readString(dir.resolve("churn.err"))).contains("stop requested by a signal")
                    .contains("reached no safe point within " + GRACE_SECONDS + " s; stopping now");
        } finally {
            p.destroyForcibly();
        }
        Catalog catalog = Catalog.open(job.catalog());
        List<RunRow> runs = catalog.runs().recent(job.name(), 10);
        assertThat(runs).as("nothing committed").allSatisfy(r -> assertThat(r.catalogVersion()).isNull());
    }

    private JobSpec job(Path dir) {
        JobSpec job = TestJobs.job("memory", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withLeaseTimeout(Duration.ofSeconds(5));
        OutputSpec o = job.output(); // the shipped job's output settings: 8 MB row groups, 256 files open
        return job.withOutput(new OutputSpec(o.warehouse(), o.format(), o.compression(), 8L << 20, 256L << 20, 256));
    }

    private void assertExactlyOnce(JobSpec job, Catalog catalog, Storage storage) throws Exception {
        ReadBack.Totals back = ReadBack.totals(catalog, Path.of(job.output().warehouse()), job.name());
        assertThat(back.rows()).as("rows").isEqualTo(produced.good());
        assertThat(back.distinctIds()).as("distinct ids").isEqualTo(produced.good());
        assertThat(back.idDigest()).as("the ids produced").isEqualTo(produced.idDigest());
        assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("verify").isEmpty();
    }

    private static String tail(String text) {
        return text.length() <= 3000 ? text : text.substring(text.length() - 3000);
    }
}
