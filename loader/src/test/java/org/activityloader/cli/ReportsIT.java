package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped report on a data set whose events this test made itself: each number checked
 * against the same number computed here from those events (never from the loader's own counts).
 * Then what reports must not see (staged, replaced, unknown files), the same bytes at the same
 * {@code --as-of} after later loads, the output formats, and every refusal of {@code loader sql}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ReportsIT {
    private static final Instant H0 = Instant.parse("2026-07-01T10:00:00Z");
    private static final List<String> TYPES = List.of("page_view", "search", "click", "signup");
    private static final Map<String, String> TOPIC = Map.of("page_view", "page_views", "search", "searches", "click", "clicks",
            "signup", "signups");
    private static final String[] QUERIES = {"red dress", "usb cable", "kafka"};
    private static final String[] URLS = {"https://shop.example.com/", "https://shop.example.com/cart", "https://shop.example.com/p/1"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://news.example.org/"};

    /** An event as this test produced it. */
    record Event(String type, String id, Instant time, String user, String session, Map<String, Object> fields) {
    }

    Path dir;
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    JobSpec job;
    Path jobFile;
    final List<Event> events = new ArrayList<>();
    final Map<String, Integer> malformed = new TreeMap<>(); // topic -> count, all schema violations

    @BeforeAll
    void loadAKnownDataSet(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        kafka.createTopics(List.copyOf(TOPIC.values()), 2);
        job = TestJobs.job("reports", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
        jobFile = ChildLoader.writeJobFile(dir, job);
        Random random = new Random(99);
        for (int i = 0; i < 600; i++) {
            String session = "s" + random.nextInt(40);
            String user = random.nextInt(4) == 0 ? null : "u" + random.nextInt(25);
            Instant time = H0.plusMillis((long) (random.nextDouble() * Duration.ofHours(3).toMillis()));
            String type = TYPES.get(random.nextInt(10) < 5 ? 0 : random.nextInt(10) < 6 ? 1 : random.nextInt(10) < 8 ? 2 : 3);
            Map<String, Object> f = new LinkedHashMap<>();
            switch (type) {
                case "page_view" -> {
                    f.put("url", URLS[random.nextInt(URLS.length)]);
                    if (random.nextBoolean()) {
                        f.put("referrer", REFERRERS[random.nextInt(REFERRERS.length)]);
                    }
                    f.put("load_time_ms", 100 + random.nextInt(900));
                }
                case "search" -> {
                    f.put("url", "https://shop.example.com/search");
                    f.put("query", QUERIES[random.nextInt(QUERIES.length)]);
                    f.put("result_count", random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(50));
                    f.put("results_page", 1);
                }
                case "click" -> {
                    f.put("url", "https://shop.example.com/search");
                    f.put("target", "result-" + random.nextInt(5));
                }
                default -> {
                    f.put("url", "https://shop.example.com/signup");
                    f.put("plan", "free");
                    f.put("method", "email");
                }
            }
            events.add(new Event(type, UUID.randomUUID().toString(), time, user, session, f));
        }
        produce(events);
        Properties p = producerProperties();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String topic : List.of("clicks", "searches", "clicks")) { // required fields missing: schema violations
                producer.send(new ProducerRecord<>(topic, "{\"event_id\":\"x\",\"event_time\":1}".getBytes(StandardCharsets.UTF_8))).get();
                malformed.merge(topic, 1, Integer::sum);
            }
        }
        assertThat(loader("run", jobFile.toString(), "--progress", "none").exit()).isZero();
    }

    @Test
    void eventsByHour() throws Exception {
        Map<List<Object>, long[]> expected = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<List<Object>, Set<String>> users = new HashMap<>();
        for (Event e : events) {
            List<Object> key = List.of(e.type(), date(e.time()), hour(e.time()));
            expected.computeIfAbsent(key, k -> new long[1])[0]++;
            if (e.user() != null) {
                users.computeIfAbsent(key, k -> new HashSet<>()).add(e.user());
            }
        }
        List<List<Object>> want = new ArrayList<>();
        expected.forEach((k, n) -> want.add(List.of(k.get(0), k.get(1), k.get(2), n[0], (long) users.getOrDefault(k, Set.of()).size())));
        assertThat(rows("events_by_hour")).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void dailyActiveUsers() throws Exception {
        Set<String> users = events.stream().map(Event::user).filter(Objects::nonNull).collect(Collectors.toSet());
        Set<String> sessions = events.stream().map(Event::session).collect(Collectors.toSet());
        assertThat(rows("daily_active_users")).containsExactly(
                List.of("2026-07-01", "active_users", (long) users.size()), List.of("2026-07-01", "sessions", (long) sessions.size()));
    }

    @Test
    void topPagesAndTopReferrers() throws Exception {
        Map<String, List<Event>> byUrl = events.stream().filter(e -> e.type().equals("page_view"))
                .collect(Collectors.groupingBy(e -> (String) e.fields().get("url")));
        List<List<Object>> pages = rows("top_pages");
        assertThat(pages).hasSize(URLS.length);
        for (List<Object> row : pages) {
            List<Event> views = byUrl.get((String) row.get(0));
            assertThat(row.get(1)).isEqualTo((long) views.size());
            assertThat(row.get(2)).isEqualTo((long) views.stream().map(Event::session).distinct().count());
            assertThat(((Number) row.get(3)).doubleValue()).isEqualTo(median(views.stream().map(e -> (Integer) e.fields().get("load_time_ms")).toList()));
        }
        assertThat(pages).extracting(r -> (Long) r.get(1)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(rows("top_pages", "--param", "limit=1")).hasSize(1).first().isEqualTo(pages.get(0));

        Map<String, List<Event>> byReferrer = events.stream().filter(e -> e.fields().get("referrer") != null)
                .collect(Collectors.groupingBy(e -> (String) e.fields().get("referrer")));
        List<List<Object>> want = new ArrayList<>();
        byReferrer.forEach((r, list) -> want.add(List.of(r, (long) list.size(), list.stream().map(Event::session).distinct().count())));
        assertThat(rows("top_referrers")).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void zeroResultSearchesAndClickThrough() throws Exception {
        List<Event> searches = events.stream().filter(e -> e.type().equals("search")).toList();
        Map<String, List<Event>> zero = searches.stream().filter(e -> (Integer) e.fields().get("result_count") == 0)
                .collect(Collectors.groupingBy(e -> (String) e.fields().get("query")));
        List<List<Object>> wantZero = new ArrayList<>();
        zero.forEach((q, list) -> wantZero.add(List.of(q, (long) list.size(), list.stream().map(Event::session).distinct().count())));
        assertThat(rows("zero_result_searches")).containsExactlyInAnyOrderElementsOf(wantZero);

        List<List<Object>> ctr = rows("search_click_through");
        for (String q : QUERIES) {
            List<Event> ofQuery = searches.stream().filter(e -> e.fields().get("query").equals(q)).toList();
            long clicked = ofQuery.stream().filter(s -> events.stream().anyMatch(c -> c.type().equals("click")
                    && c.session().equals(s.session()) && !c.time().isBefore(s.time())
                    && !c.time().isAfter(s.time().plus(Duration.ofMinutes(30))))).count();
            List<Object> row = ctr.stream().filter(r -> r.get(0).equals(q)).findFirst().orElseThrow();
            assertThat(row.subList(1, 3)).as(q).containsExactly((long) ofQuery.size(), clicked);
            assertThat(((Number) row.get(3)).doubleValue()).isCloseTo((double) clicked / ofQuery.size(), org.assertj.core.data.Offset.offset(0.0001));
        }
    }

    @Test
    void funnel() throws Exception {
        Map<String, Instant> firstView = new HashMap<>();
        events.stream().filter(e -> e.type().equals("page_view"))
                .forEach(e -> firstView.merge(e.session(), e.time(), (a, b) -> a.isBefore(b) ? a : b));
        Map<String, Instant> firstSearchAfter = new HashMap<>();
        events.stream().filter(e -> e.type().equals("search") && firstView.containsKey(e.session())
                && !e.time().isBefore(firstView.get(e.session())))
                .forEach(e -> firstSearchAfter.merge(e.session(), e.time(), (a, b) -> a.isBefore(b) ? a : b));
        long clicked = events.stream().filter(e -> e.type().equals("click") && firstSearchAfter.containsKey(e.session())
                && !e.time().isBefore(firstSearchAfter.get(e.session()))).map(Event::session).distinct().count();
        List<List<Object>> rows = rows("funnel");
        assertThat(rows).extracting(r -> r.subList(0, 3)).containsExactly(
                List.of(1L, "page_view", (long) firstView.size()),
                List.of(2L, "then search", (long) firstSearchAfter.size()),
                List.of(3L, "then click", clicked));
    }

    @Test
    void catalogReports() throws Exception {
        Map<String, Long> perTopic = new TreeMap<>();
        Map<String, Instant> newest = new TreeMap<>();
        for (Event e : events) {
            perTopic.merge(TOPIC.get(e.type()), 1L, Long::sum);
            newest.merge(TOPIC.get(e.type()), e.time(), (a, b) -> a.isAfter(b) ? a : b);
        }
        malformed.forEach((t, n) -> perTopic.merge(t, (long) n, Long::sum));
        List<List<Object>> fresh = rows("load_freshness");
        assertThat(fresh).extracting(r -> r.get(0)).containsExactlyElementsOf(perTopic.keySet());
        for (List<Object> r : fresh) {
            assertThat((Long) r.get(1)).as("partitions loaded (the producer may have used one)").isBetween(1L, 2L);
            assertThat(r.get(2)).as("offsets of " + r.get(0)).isEqualTo(perTopic.get((String) r.get(0)));
            assertThat(Instant.parse(((String) r.get(4)).replace(" ", "T"))).isEqualTo(newest.get((String) r.get(0)));
        }
        List<List<Object>> dead = rows("dead_letters");
        List<List<Object>> wantDead = new ArrayList<>();
        malformed.forEach((t, n) -> wantDead.add(List.of(t, "schema_violation", (long) n)));
        assertThat(dead).isEqualTo(wantDead);
        assertThat(rows("dead_letters_by_hour").stream().mapToLong(r -> (Long) r.get(2)).sum())
                .isEqualTo(malformed.values().stream().mapToLong(Integer::longValue).sum());
        Map<List<Object>, Long> byHour = new TreeMap<>(Comparator.comparing(Object::toString));
        events.forEach(e -> byHour.merge(List.of(e.type(), date(e.time()), (long) hour(e.time())), 1L, Long::sum));
        assertThat(rows("loaded_by_hour")).extracting(r -> List.of(r.get(0), r.get(1), r.get(2)), r -> r.get(4))
                .containsExactlyInAnyOrderElementsOf(byHour.entrySet().stream()
                        .map(e -> org.assertj.core.groups.Tuple.tuple(e.getKey(), e.getValue())).toList());
        List<List<Object>> runs = rows("runs");
        assertThat(runs).isNotEmpty();
        assertThat(runs.get(runs.size() - 1).get(2)).isEqualTo("published");
    }

    @Test
    void formatsSayWhatTheyWereReadFrom() throws Exception {
        LoaderCli.Result table = loader("report", jobFile.toString(), "events_by_hour");
        // July's hours are long complete (the run found every partition caught up): nothing may still change.
        assertThat(table.out()).startsWith("report events_by_hour of job reports at catalog version 1\n")
                .doesNotContain("may still receive data");
        LoaderCli.Result json = loader("report", jobFile.toString(), "-r", "events_by_hour", "--format", "json");
        JsonNode meta = new ObjectMapper().readTree(json.out());
        assertThat(meta.get("catalog_version").asLong()).isEqualTo(1);
        assertThat(meta.get("open_from").isNull()).isTrue();
        assertThat(meta.get("parameters").get("from").asText()).isEqualTo("1970-01-01T00:00:00Z");

        LoaderCli.Result csv = loader("report", jobFile.toString(), "top_referrers", "--format", "csv");
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("referrer,page_views,sessions");
        assertThat(csv.out()).contains("\r\n");
        assertThat(lines).hasSize(1 + REFERRERS.length);

        Path page = dir.resolve("out/hourly.html");
        LoaderCli.Result html = loader("report", jobFile.toString(), "events_by_hour", "--format", "html", "--out", page.toString());
        assertThat(html.out()).contains("wrote " + page);
        String text = Files.readString(page);
        assertThat(text).startsWith("<!DOCTYPE html>").contains("<svg").contains("class=\"bar\"")
                .doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");

        LoaderCli.Result narrow = loader("report", jobFile.toString(), "events_by_hour", "--format", "json",
                "--from", "2026-07-01T11:00:00Z", "--to", "2026-07-01T12:00:00Z");
        long inHour = events.stream().filter(e -> hour(e.time()) == 11).count();
        long sum = 0;
        for (JsonNode row : new ObjectMapper().readTree(narrow.out()).get("rows")) {
            assertThat(row.get(2).asLong()).isEqualTo(11);
            sum += row.get(3).asLong();
        }
        assertThat(sum).isEqualTo(inHour);

        // Options a report cannot use are refused, never silently ignored; a parameter it cannot read is a usage error.
        LoaderCli.Result unfiltered = loader("report", jobFile.toString(), "dead_letters", "--from", "2026-07-01T11:00:00Z");
        assertThat(unfiltered.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(unfiltered.err()).contains("report dead_letters does not filter by event time");
        LoaderCli.Result word = loader("report", jobFile.toString(), "runs", "--param", "limit=ten");
        assertThat(word.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(word.err()).contains("report runs: parameter limit is a whole number").doesNotContain("\tat ");
        assertThat(loader("reports").out()).doesNotContainPattern("dead_letters[^\n]*from=");
    }

    @Test
    void sqlReadsTheViewsAndRefusesEverythingElse() throws Exception {
        LoaderCli.Result count = loader("sql", jobFile.toString(), "SELECT COUNT(*) AS n FROM activity", "--format", "csv");
        assertThat(count.exit()).as(count.err()).isZero();
        assertThat(count.out()).isEqualTo("n\r\n" + events.size() + "\r\n");
        LoaderCli.Result perType = loader("sql", jobFile.toString(), "SELECT COUNT(*) FROM search; ");
        assertThat(perType.out()).contains(String.valueOf(events.stream().filter(e -> e.type().equals("search")).count()));

        String someFile = Files.walk(dir.resolve("warehouse")).filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow().toString();
        Path outside = Files.writeString(dir.resolve("secret.csv"), "a,b\n1,2\n");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("INSERT INTO search SELECT * FROM search", "INSERT is refused");
        refused.put("CREATE TABLE t AS SELECT 1", "CREATE is refused");
        refused.put("DROP VIEW activity", "DROP is refused");
        refused.put("UPDATE search SET query = 'x'", "UPDATE is refused");
        refused.put("DELETE FROM search", "DELETE is refused");
        refused.put("COPY (SELECT * FROM activity) TO '" + dir.resolve("copy.csv") + "'", "COPY is refused");
        refused.put("EXPORT DATABASE '" + dir.resolve("export") + "'", "EXPORT is refused");
        refused.put("ATTACH '" + dir.resolve("other.db") + "' AS other", "ATTACH is refused");
        refused.put("INSTALL httpfs", "INSTALL is refused");
        refused.put("LOAD httpfs", "LOAD is refused");
        refused.put("SET enable_external_access = true", "SET is refused");
        refused.put("PRAGMA version", "PRAGMA is refused");
        refused.put("SELECT 1; SELECT 2", "one query at a time");
        refused.put("SELECT * FROM read_csv('" + outside + "')", "loader sql reads the job's files only");
        refused.put("SELECT * FROM read_text('/etc/passwd')", "loader sql reads the job's files only");
        refused.put("SELECT * FROM read_parquet('" + someFile.replace("part-", "missing-") + "')", "loader sql reads the job's files only");
        refused.put("SELECT * FROM read_parquet('https://example.com/x.parquet')", "loader sql reads the job's files only");
        refused.put("SELECT * FROM glob('/etc/*')", "loader sql reads the job's files only");
        refused.put("VACUUM", "VACUUM is refused");
        refused.put("SELECT $$'$$; DROP VIEW activity; SELECT 1 --'", "one query at a time");
        refused.put("SELECT E'\\''; DROP VIEW activity; SELECT 1 --'", "one query at a time");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            LoaderCli.Result r = loader("sql", jobFile.toString(), e.getKey());
            assertThat(r.exit()).as(e.getKey() + ": " + r.err()).isEqualTo(ExitCodes.BAD_CONFIG);
            assertThat(r.err()).as(e.getKey()).contains(e.getValue());
            assertThat(r.out()).isEmpty();
        }
        assertThat(dir.resolve("copy.csv")).doesNotExist();
        assertThat(dir.resolve("export")).doesNotExist();
        assertThat(loader("sql", jobFile.toString(), "SELECT COUNT(*) AS n FROM activity", "--format", "csv").out())
                .as("the views are still there").isEqualTo("n\r\n" + events.size() + "\r\n");
    }

    @Test
    void anAvroJobsReportsAreRefusedWithTheReason(@TempDir Path avroDir) throws Exception {
        JobSpec avro = TestJobs.job("avro", kafka.bootstrapServers(), avroDir.resolve("warehouse"), TestCatalogs.h2(avroDir), TYPES);
        Path file = ChildLoader.writeJobFile(avroDir, avro, "output:", "  format: avro");
        assertThat(loader("run", file.toString(), "--progress", "none").exit()).isZero();
        LoaderCli.Result r = loader("report", file.toString(), "events_by_hour");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains("warehouse reports read Parquet files; ").contains(".avro is avro");
        assertThat(loader("report", file.toString(), "loaded_by_hour").exit()).as("catalog reports work").isZero();
    }

    /** Last: it loads and backfills more, which the other tests' numbers do not include. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void aReportAtOneVersionGivesTheSameBytesAndSeesNoStagedReplacedOrUnknownFile() throws Exception {
        String before = loader("report", jobFile.toString(), "events_by_hour", "--format", "json").out();
        Path wh = dir.resolve("warehouse");
        Path live = Files.walk(wh).filter(p -> p.toString().endsWith(".parquet") && !wh.relativize(p).toString().startsWith("_"))
                .findFirst().orElseThrow();
        Files.copy(live, live.resolveSibling("unknown-copy.parquet"));
        Path staged = wh.resolve("_staging/someone/" + wh.relativize(live));
        Files.createDirectories(staged.getParent());
        Files.copy(live, staged);
        assertThat(loader("report", jobFile.toString(), "events_by_hour", "--format", "json").out())
                .as("unknown and staged files are not read").isEqualTo(before);

        produce(List.of(new Event("page_view", UUID.randomUUID().toString(), H0, "u1", "s1", Map.of("url", URLS[0]))));
        assertThat(loader("run", jobFile.toString(), "--progress", "none").exit()).isZero();
        LoaderCli.Result backfill = loader("backfill", jobFile.toString(), "--hours", "2026-07-01T10:00Z", "--progress", "none");
        assertThat(backfill.exit()).as(backfill.err()).isZero();
        String later = loader("report", jobFile.toString(), "events_by_hour", "--format", "json").out();
        assertThat(later).contains("\"catalog_version\" : 3").isNotEqualTo(before);
        assertThat(loader("report", jobFile.toString(), "events_by_hour", "--format", "json", "--as-of", "1").out())
                .as("the same report at version 1 after a load and a backfill: the same bytes").isEqualTo(before);
        LoaderCli.Result tooNew = loader("report", jobFile.toString(), "events_by_hour", "--as-of", "9");
        assertThat(tooNew.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(tooNew.err()).contains("--as-of 9").contains("catalog version 3");
        LoaderCli.Result onTheCatalog = loader("report", jobFile.toString(), "runs", "--as-of", "1");
        assertThat(onTheCatalog.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(onTheCatalog.err()).contains("report runs reads the catalog as it is now");
        Files.delete(live.resolveSibling("unknown-copy.parquet"));
    }

    // ---------------------------------------------------------------------------------------------

    /** A report's rows, through the CLI in JSON. */
    private List<List<Object>> rows(String report, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("report", jobFile.toString(), report, "--format", "json"));
        args.addAll(List.of(more));
        LoaderCli.Result r = loader(args.toArray(String[]::new));
        assertThat(r.exit()).as(report + ": " + r.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        List<List<Object>> out = new ArrayList<>();
        for (JsonNode row : root.get("rows")) {
            List<Object> values = new ArrayList<>();
            row.forEach(v -> values.add(v.isNull() ? null : v.isIntegralNumber() ? v.asLong() : v.isNumber() ? v.asDouble() : v.asText()));
            out.add(values);
        }
        return out;
    }

    private void produce(List<Event> list) throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Event e : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("event_id", e.id());
                m.put("event_time", e.time().toEpochMilli());
                m.put("user_id", e.user());
                m.put("session_id", e.session());
                m.put("site", "shop.example.com");
                m.putAll(e.fields());
                producer.send(new ProducerRecord<>(TOPIC.get(e.type()), json.writeValueAsBytes(m))).get();
            }
        }
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private static String date(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static long hour(Instant t) {
        return t.atZone(ZoneOffset.UTC).getHour();
    }

    private static double median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
