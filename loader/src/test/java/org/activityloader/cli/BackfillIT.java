package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.EventTimeSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.BackfillRefusedException;
import org.activityloader.run.BackfillRequest;
import org.activityloader.run.BackfillRun;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.testing.Await;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestClocks;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code loader backfill} on a real broker: a bug fixed (a schema default) rebuilds two hours, turns
 * their dead letters into events and leaves every other hour byte for byte; catalog readers see a
 * swap as all old or all new; regular runs load late events beside it; retention is refused; a
 * process killed at any point leaves every hour consistent for the next command; SIGTERM stops one
 * at its safe point.
 */
class BackfillIT {
    private static final List<String> TYPES = List.of("click");
    private static final int PARTITIONS = 2;
    private static final Instant H0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    @TempDir
    Path dir;
    JobSpec job;
    Path jobFile;
    Path schemas;
    /** Good events per hour (0..3) and the ids of events without a target (rejected until the fix), per hour. */
    final Map<Integer, List<String>> good = new HashMap<>();
    final Map<Integer, List<String>> targetless = new HashMap<>();

    @BeforeEach
    void load() throws Exception {
        kafka.recreateTopic("clicks", PARTITIONS); // the broker is the class's: each test starts with the topic empty
        schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.copy(TestJobs.SCHEMAS.resolve("click.avsc"), schemas.resolve("click.avsc"));
        JobSpec base = TestJobs.job("bf", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
        job = new JobSpec(base.name(), base.source(), base.kafka(), base.topics(), base.eventTime(), schemas, base.output(),
                base.catalog(), base.limits(), base.onGap(), LEASE, base.schedule(), base.scheduleZone(), base.vacuumGrace(), base.hours(), base.shards());
        jobFile = ChildLoader.writeJobFile(dir, job);
        produce(List.of(0, 1, 2, 3), 200, List.of(1, 2, 3), 5);
        assertThat(loader("run", jobFile.toString(), "--progress", "none").exit()).isZero();
    }

    @Test
    void aFixedBugRebuildsTwoHoursAndLeavesTheOthersByteForByte() throws Exception {
        Map<String, String> before = fingerprints();
        fixTheSchema();

        LoaderCli.Result r = loader("backfill", jobFile.toString(), "--from", "2026-06-01T01:00Z", "--to", "2026-06-01T03:00Z",
                "--reason", "target got a default", "--progress", "none");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("backfill plan for job bf: 2 hour(s)").contains("files to replace: 2")
                .contains("dead letters to decode again: 15").containsPattern("replaced 2 file\\(s\\) \\(400 records\\) by 410 records");

        Map<String, String> after = fingerprints();
        for (String path : before.keySet()) {
            if (path.contains("hour=00") || path.contains("hour=03")) {
                assertThat(after).as("untouched: " + path).containsEntry(path, before.get(path));
            } else if (path.endsWith("/_SUCCESS")) {
                assertThat(after.get(path)).as("rewritten: the backfill amended the complete hour " + path).isNotNull()
                        .isNotEqualTo(before.get(path));
            } else {
                assertThat(after).as("replaced: " + path).doesNotContainKey(path);
            }
        }
        // Per hour, from the folders and from the catalog's list: what was produced, the fixed rejects included.
        Map<Integer, Set<String>> expected = new TreeMap<>();
        for (int h = 0; h < 4; h++) {
            Set<String> ids = new HashSet<>(good.get(h));
            if (h == 1 || h == 2) {
                ids.addAll(targetless.get(h));
            }
            expected.put(h, ids);
        }
        assertThat(idsByHour(folderGlob())).isEqualTo(expected);
        assertThat(idsByHour(catalogList())).isEqualTo(expected);
        assertThat(column("loaded_by", 1)).as("the fix's default in the rebuilt hours").containsOnly("backfill");

        Catalog catalog = Catalog.open(job.catalog());
        List<DeadLetterRow> open = catalog.deadLetters().unresolved("bf");
        assertThat(open).as("only hour 3's rejects are dead letters still").hasSize(5);
        assertVerifyClean(catalog);

        LoaderCli.Result list = loader("backfills", jobFile.toString());
        assertThat(list.out()).contains("target got a default").contains("click 2026-06-01 01:00").contains("400").contains("410");

        LoaderCli.Result vacuum = loader("vacuum", jobFile.toString(), "--older-than", "1ms");
        assertThat(vacuum.exit()).as(vacuum.err()).isZero();
        assertThat(vacuum.out()).contains("deleted 2 replaced file(s)");
        assertThat(idsByHour(catalogList())).as("vacuum never touches a live file").isEqualTo(expected);
        assertThat(Files.exists(dir.resolve("warehouse/_replaced"))).isTrue();
        try (var left = Files.walk(dir.resolve("warehouse/_replaced"))) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        assertVerifyClean(catalog);
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        Catalog catalog = Catalog.open(job.catalog());
        List<DataFileRow> files = catalog.manifest().published("bf");
        Map<String, String> before = fingerprints();
        LoaderCli.Result r = loader("backfill", jobFile.toString(), "--hours", "2026-06-01T02:00Z", "--dry-run");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("click 2026-06-01 02:00").contains("files to replace: 1 (200 records)")
                .containsPattern("clicks-[01] \\[\\d+, \\d+\\)").contains("dry run: nothing was changed");
        List<DataFileRow> filesAfter = catalog.manifest().published("bf");
        assertThat(filesAfter).isEqualTo(files);
        assertThat(fingerprints()).isEqualTo(before);
        assertThat(loader("backfills", jobFile.toString()).out()).contains("(0 rows)");
    }

    @Test
    void aCatalogReaderSeesAnHourAllOldOrAllNewDuringTheSwap() throws Exception {
        Catalog catalog = Catalog.open(job.catalog());
        Set<String> old = hourFiles(catalog, 2);
        AtomicBoolean polling = new AtomicBoolean(true);
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            while (polling.get()) {
                seen.add(hourFiles(catalog, 2));
            }
        });
        reader.start();
        // The swap slowed down where it could go wrong: between commit and publish, between renames.
        Faults slow = p -> {
            if (p == FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH || p == FaultPoint.BETWEEN_RENAMES || p == FaultPoint.AFTER_PUBLISH_BEFORE_CLEANUP) {
                Await.pause(Duration.ofMillis(300));
            }
        };
        try (Storage storage = new Storage(job.output().warehouse())) {
            backfill(catalog, storage, slow, Set.of(hour(2)));
        } finally {
            polling.set(false);
            reader.join();
        }
        Set<String> fresh = hourFiles(catalog, 2);
        assertThat(fresh).isNotEmpty().doesNotContainAnyElementsOf(old);
        assertThat(seen).as("every snapshot of hour 2 is the old files or the new ones").allSatisfy(s -> assertThat(s).isIn(old, fresh));
        assertThat(seen).contains(old, fresh);
    }

    @Test
    void aBackfillBesideARegularRunLoadingLateEventsLosesAndDoublesNothing() throws Exception {
        produce(List.of(1), 50, List.of(), 0); // late events of hour 1, after the first load
        Catalog catalog = Catalog.open(job.catalog());
        CountDownLatch sealed = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Faults pause = p -> {
            if (p == FaultPoint.AFTER_SEAL) {
                sealed.countDown();
                await(goOn);
            }
        };
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (Storage storage = new Storage(job.output().warehouse())) {
            Future<?> backfill = background.submit(() -> backfill(catalog, storage, pause, Set.of(hour(1))));
            assertThat(sealed.await(60, TimeUnit.SECONDS)).as("the backfill planned and staged").isTrue();
            long read = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run().counts().recordsRead();
            assertThat(read).as("the regular run went on beside the backfill").isEqualTo(50);
            goOn.countDown();
            backfill.get(60, TimeUnit.SECONDS);
        } finally {
            background.shutdownNow();
        }
        Map<Integer, Set<String>> byHour = idsByHour(catalogList());
        assertThat(byHour.get(1)).as("hour 1: the backfill's events and the late ones, once each").hasSize(250)
                .containsAll(good.get(1));
        assertThat(idsByHour(folderGlob())).isEqualTo(byHour);
        assertVerifyClean(catalog);
    }

    @Test
    void offsetsLostToRetentionAreRefusedUnlessAllowPartialWhichLeavesThoseHoursAsTheyAre() throws Exception {
        kafka.deleteRecordsBefore("clicks", 0, 20);
        fixTheSchema();
        Catalog catalog = Catalog.open(job.catalog());
        List<DataFileRow> before = catalog.manifest().published("bf");
        Map<String, String> fingerprints = fingerprints();
        LoaderCli.Result refused = loader("backfill", jobFile.toString(), "--from", "2026-06-01T00:00Z", "--to", "2026-06-01T02:00Z");
        assertThat(refused.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(refused.err()).contains("click 2026-06-01 00:00: clicks-0 [").contains("deleted by Kafka (retention)")
                .contains("--allow-partial");
        List<DataFileRow> after = catalog.manifest().published("bf");
        assertThat(after).as("nothing changed").isEqualTo(before);

        LoaderCli.Result partial = loader("backfill", jobFile.toString(), "--from", "2026-06-01T00:00Z", "--to", "2026-06-01T02:00Z",
                "--allow-partial", "--reason", "partial on purpose", "--progress", "none");
        assertThat(partial.exit()).as(partial.err()).isZero();
        assertThat(partial.out()).contains("1 hour(s) cannot be rebuilt whole, left as they are");
        assertThat(loader("backfills", jobFile.toString()).out()).contains("partial on purpose").contains("deleted by Kafka");
        Map<Integer, Set<String>> byHour = idsByHour(catalogList());
        assertThat(byHour.get(0)).as("hour 0 keeps every event it had").isEqualTo(new HashSet<>(good.get(0)));
        fingerprints().forEach((path, hash) -> {
            if (path.contains("hour=00")) {
                assertThat(fingerprints).as("hour 0 untouched: " + path).containsEntry(path, hash);
            }
        });
        Set<String> rebuilt = new HashSet<>(good.get(1));
        rebuilt.addAll(targetless.get(1));
        assertThat(byHour.get(1)).as("hour 1 rebuilt").isEqualTo(rebuilt);
        assertVerifyClean(catalog);

        LoaderCli.Result none = loader("backfill", jobFile.toString(), "--hours", "2026-06-01T00:00Z", "--allow-partial");
        assertThat(none.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(none.err()).contains("none of the hours can be rebuilt whole");
    }

    @Test
    void aRejectOfARunThatWroteNothingElseIntoTheHourIsFoundByItsKafkaTime() throws Exception {
        // Later traffic of hour 4, then a click of 01:50 without a target that reached Kafka at 04:45:
        // the run that rejects it writes no file of hour 1, and it lies far past hour 1's offsets.
        long late;
        String id;
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int n = 0; n < 1_200; n++) {
                long t = H0.plus(Duration.ofHours(4)).toEpochMilli() + n * 1_000L;
                good.computeIfAbsent(4, k -> new ArrayList<>()).add(send(producer, t, t, 0, 10_000 + n, true));
            }
            late = H0.plus(Duration.ofMinutes(110)).toEpochMilli();
            id = send(producer, late, H0.plus(Duration.ofMinutes(285)).toEpochMilli(), 0, 20_000, false);
        }
        assertThat(loader("run", jobFile.toString(), "--progress", "none").exit()).isZero();
        fixTheSchema();

        LoaderCli.Result r = loader("backfill", jobFile.toString(), "--hours", "2026-06-01T01:00Z", "--lateness", "3h",
                "--progress", "none");
        assertThat(r.exit()).as(r.err()).isZero();
        Set<String> rebuilt = new HashSet<>(good.get(1));
        rebuilt.addAll(targetless.get(1));
        rebuilt.add(id);
        assertThat(idsByHour(catalogList()).get(1)).isEqualTo(rebuilt);
        assertVerifyClean(Catalog.open(job.catalog()));
    }

    @Test
    void aChangeThatMovesEventsOutOfTheChosenHoursIsRefusedBeforeItsCommit() throws Exception {
        // The change puts the hours in UTC+1. Rebuilding hours 2 and 3: hour 2's events stay in a chosen
        // hour (3), hour 3's move to hour 4, not chosen: they would be in no file. Rebuilding hours 3 and
        // 4 (never loaded: read by Kafka's time window): hour 2's events move into hour 3 but are still in
        // hour 2's file: they would be in two. The lineage's offsets tell each record's file.
        JobSpec moved = new JobSpec(job.name(), job.source(), job.kafka(), job.topics(),
                new EventTimeSpec(job.eventTime().field(), java.time.ZoneId.of("Etc/GMT-1"), job.eventTime().maxPast(),
                        job.eventTime().maxFuture()),
                job.schemasDir(), job.output(), job.catalog(), job.limits(), job.onGap(), LEASE, job.schedule(), job.scheduleZone(),
                job.vacuumGrace(), job.hours(), job.shards());
        Map<String, String> before = fingerprints();
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            RunContext ctx = new RunContext(moved, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false, ProgressMode.NONE);
            assertThatThrownBy(() -> new BackfillRun(ctx, new BackfillRequest(Set.of(hour(2), hour(3)), TYPES, false, "test",
                    "tester", Duration.ofHours(1), false)).run())
                    .isInstanceOf(BackfillRefusedException.class).hasMessageContaining("events changed hour")
                    .hasMessageContaining("200 event(s) of the hours rebuilt now fall in hours not chosen: click 2026-06-01 04:00 (200");
            assertThatThrownBy(() -> new BackfillRun(ctx, new BackfillRequest(Set.of(hour(3), hour(4)), TYPES, false, "test",
                    "tester", Duration.ofHours(1), false)).run())
                    .isInstanceOf(BackfillRefusedException.class).hasMessageContaining("events changed hour")
                    .hasMessageContaining("loaded into other hours now fall in the hours rebuilt");
        }
        assertThat(fingerprints()).as("nothing changed").isEqualTo(before);
        assertThat(loader("backfills", jobFile.toString()).out()).contains("(0 rows)");
        assertVerifyClean(catalog);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aFileOfARunCommittedButNotYetPublishedIsReplacedAndMovedOutWhenThatRunPublishes(boolean copiedButNotDeleted)
            throws Exception {
        produce(List.of(1), 30, List.of(), 0); // late events of hour 1
        Path log = dir.resolve("run.log");
        Process run = ChildLoader.start(log, "AFTER_COMMIT_BEFORE_PUBLISH:halt", "run", jobFile.toString(), "--progress", "none");
        assertThat(ChildLoader.await(run, 120)).as(Files.readString(log)).isEqualTo(137);
        fixTheSchema();

        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            if (copiedButNotDeleted) { // as a publish on S3 cut short between its copy and its delete leaves it: in both places
                String halted = catalog.runs().recent(job.name(), 1).get(0).runId();
                for (org.activityloader.catalog.DataFileRow f : catalog.manifest().ofRun(halted)) {
                    Path from = dir.resolve("warehouse").resolve(f.stagingPath());
                    Path to = Files.createDirectories(dir.resolve("warehouse").resolve(f.path()).getParent()).resolve(from.getFileName());
                    Files.copy(from, to);
                }
            }
            // The halted run still holds its lease: the backfill leaves its publishing to it, and replaces its file.
            backfill(catalog, storage, Faults.NONE, Set.of(hour(1)));
            new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
        }
        Set<String> rebuilt = new HashSet<>(good.get(1));
        rebuilt.addAll(targetless.get(1));
        Map<Integer, Set<String>> byHour = idsByHour(catalogList());
        assertThat(byHour.get(1)).isEqualTo(rebuilt);
        assertThat(idsByHour(folderGlob())).as("the late file moved out once its run published").isEqualTo(byHour);
        assertVerifyClean(catalog);
    }

    @Test
    void aSecondBackfillOfTheJobAtOnceIsRefused() throws Exception {
        Catalog catalog = Catalog.open(job.catalog());
        assertThat(catalog.leases().take("bf#backfill", "another-backfill", Instant.now().plusSeconds(600), Instant.now())).isTrue();
        LoaderCli.Result r = loader("backfill", jobFile.toString(), "--hours", "2026-06-01T01:00Z");
        assertThat(r.exit()).isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(r.err()).contains("a backfill of job bf is already running");
        LoaderCli.Result dry = loader("backfill", jobFile.toString(), "--hours", "2026-06-01T01:00Z", "--dry-run");
        assertThat(dry.exit()).as("a dry run takes no lease: " + dry.err()).isZero();
        assertThat(dry.out()).contains("files to replace: 1");
        boolean held = catalog.leases().heldBy("bf#backfill", "another-backfill", Instant.now());
        assertThat(held).as("and leaves the other's alone").isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, mode = EnumSource.Mode.EXCLUDE, names = "MIGRATION_STATEMENT")
    void aBackfillKilledAtAnyPointLeavesEveryHourConsistentForTheNextCommand(FaultPoint point) throws Exception {
        fixTheSchema();
        Path log = dir.resolve("backfill.log");
        Process child = ChildLoader.start(log, point + ":halt", "backfill", jobFile.toString(), "--hours", "2026-06-01T01:00Z",
                "--progress", "none");
        assertThat(ChildLoader.await(child, 120)).as("halted at " + point + "; log:\n" + Files.readString(log)).isEqualTo(137);

        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            // The next command: a regular run, once the dead backfill's lease has expired.
            new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
        }
        Map<Integer, Set<String>> byHour = idsByHour(catalogList());
        Set<String> old = new HashSet<>(good.get(1));
        Set<String> rebuilt = new HashSet<>(old);
        rebuilt.addAll(targetless.get(1));
        assertThat(byHour.get(1)).as("hour 1 after a kill at " + point + ": all old or all new").isIn(old, rebuilt);
        assertThat(idsByHour(folderGlob())).isEqualTo(byHour);
        assertThat(byHour.get(0)).isEqualTo(new HashSet<>(good.get(0)));
        assertVerifyClean(catalog);
    }

    @Test
    void sigtermDuringABackfillStopsItAtItsSafePointChangingNothing() throws Exception {
        fixTheSchema();
        Map<String, String> before = fingerprints();
        Path log = dir.resolve("backfill.log");
        Path release = dir.resolve("release");
        Process child = ChildLoader.start(log, "AFTER_SEAL:await=" + release, "backfill", jobFile.toString(), "--hours",
                "2026-06-01T01:00Z", "--progress", "none");
        try {
            ChildLoader.awaitLog(log, "fault point AFTER_SEAL reached", 90);
            child.destroy(); // SIGTERM
            ChildLoader.awaitLog(log, "stop requested by a signal", 30);
            Files.createFile(release);
            int exit = ChildLoader.await(child, 60);
            String out = Files.readString(log);
            assertThat(exit).as("log:\n" + out).isEqualTo(143);
            assertThat(out).contains("the backfill stops at its next safe point").contains("error: ").contains("stopped on request")
                    .doesNotContain("replaced");
        } finally {
            child.destroyForcibly();
        }
        assertThat(fingerprints()).as("no file added or replaced").isEqualTo(before);
        try (Storage storage = new Storage(job.output().warehouse())) {
            assertThat(storage.listNames("_staging")).as("it removed its staging").isEmpty();
        }
        // It let go of its lease on the way out: a backfill now starts at once and does it.
        LoaderCli.Result again = loader("backfill", jobFile.toString(), "--hours", "2026-06-01T01:00Z", "--progress", "none");
        assertThat(again.exit()).as(again.err()).isZero();
        Set<String> rebuilt = new HashSet<>(good.get(1));
        rebuilt.addAll(targetless.get(1));
        assertThat(idsByHour(catalogList()).get(1)).isEqualTo(rebuilt);
        assertVerifyClean(Catalog.open(job.catalog()));
    }

    // ---------------------------------------------------------------------------------------------

    /** Clicks with event times in the hours (offsets from H0), and some without a target (a schema violation). */
    private void produce(List<Integer> hours, int perHour, List<Integer> badHours, int badPerHour) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            int n = 0;
            for (int h : hours) {
                for (int i = 0; i < perHour; i++) {
                    good.computeIfAbsent(h, k -> new ArrayList<>()).add(send(producer, h, n++, true));
                }
            }
            for (int h : badHours) {
                for (int i = 0; i < badPerHour; i++) {
                    targetless.computeIfAbsent(h, k -> new ArrayList<>()).add(send(producer, h, n++, false));
                }
            }
            producer.flush();
        }
    }

    private static String send(KafkaProducer<byte[], byte[]> producer, int hour, int n, boolean withTarget) throws Exception {
        long time = H0.plus(Duration.ofHours(hour)).toEpochMilli() + (n * 7_919L) % 3_600_000;
        return send(producer, time, time, n % PARTITIONS, n, withTarget);
    }

    /** One click with its event time, stamped by Kafka when it was produced (as a site's producer does). */
    private static String send(KafkaProducer<byte[], byte[]> producer, long eventTime, long kafkaTime, int partition, int n,
                               boolean withTarget) throws Exception {
        String id = UUID.randomUUID().toString();
        String json = "{\"event_id\":\"" + id + "\",\"event_time\":" + eventTime + ",\"session_id\":\"s" + (n % 13)
                + "\",\"site\":\"shop.example.com\",\"url\":\"https://shop.example.com/p/" + n + "\""
                + (withTarget ? ",\"target\":\"buy\"" : "") + "}";
        producer.send(new ProducerRecord<>("clicks", partition, kafkaTime, null, json.getBytes(StandardCharsets.UTF_8)));
        return id; // sent in order, and acknowledged by the producer's flush or close
    }

    /** The fix: clicks without a target get "unknown", and files gain a column saying who wrote them. */
    private void fixTheSchema() throws Exception {
        Path schema = schemas.resolve("click.avsc");
        Files.writeString(schema, Files.readString(schema)
                .replace("\"doc\": \"What was clicked: element id or link label.\"",
                        "\"doc\": \"What was clicked: element id or link label.\", \"default\": \"unknown\"")
                .replace("\"fields\": [", "\"fields\": [\n    {\"name\": \"loaded_by\", \"type\": \"string\", \"default\": \"backfill\"},"));
    }

    private void backfill(Catalog catalog, Storage storage, Faults faults, Set<PartitionKey> hours) {
        new BackfillRun(new RunContext(job, catalog, storage, Clock.systemUTC(), faults, () -> false, ProgressMode.NONE),
                new BackfillRequest(hours, TYPES, false, "test", "tester", Duration.ofHours(1), false)).run();
    }

    private static PartitionKey hour(int h) {
        return new PartitionKey("click", LocalDate.parse("2026-06-01"), h);
    }

    private static Set<String> hourFiles(Catalog catalog, int h) {
        Set<String> out = new HashSet<>();
        for (DataFileRow f : catalog.manifest().published("bf")) {
            if (f.eventHour() == h) {
                out.add(f.path());
            }
        }
        return out;
    }

    private String folderGlob() {
        return "'" + dir.resolve("warehouse") + "/activity_type=*/date=*/hour=*/*.parquet'";
    }

    private String catalogList() {
        List<String> paths = Catalog.open(job.catalog()).manifest().published("bf").stream()
                .map(f -> "'" + dir.resolve("warehouse").resolve(f.path()) + "'").toList();
        return "[" + String.join(", ", paths) + "]";
    }

    /** Event ids per hour of the files, read with DuckDB. */
    private static Map<Integer, Set<String>> idsByHour(String files) throws Exception {
        Map<Integer, Set<String>> out = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"hour\", event_id FROM read_parquet(" + files
                     + ", hive_partitioning = true, union_by_name = true, hive_types = {'date': DATE, 'hour': INTEGER})")) {
            while (rs.next()) {
                assertThat(out.computeIfAbsent(rs.getInt(1), k -> new HashSet<>()).add(rs.getString(2))).as("no id twice").isTrue();
            }
        }
        return out;
    }

    private List<String> column(String name, int hour) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + name + " FROM read_parquet(" + catalogList()
                     + ", hive_partitioning = true, union_by_name = true, hive_types = {'date': DATE, 'hour': INTEGER})"
                     + " WHERE \"hour\" = " + hour)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Path → SHA-256 of every file in the partition folders. */
    private Map<String, String> fingerprints() throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path wh = dir.resolve("warehouse");
        try (var files = Files.walk(wh)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = wh.relativize(f).toString();
                if (!rel.startsWith("_")) {
                    out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
                }
            }
        }
        return out;
    }

    private void assertVerifyClean(Catalog catalog) throws Exception {
        try (Storage storage = new Storage(job.output().warehouse())) {
            assertThat(new WarehouseAudit(catalog, storage).verify("bf")).isEmpty();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
