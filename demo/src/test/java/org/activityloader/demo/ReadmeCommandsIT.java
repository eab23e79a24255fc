package org.activityloader.demo;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Hour;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.testing.PrometheusText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code bin/loader} command in the README's shell blocks, run exactly as printed: through
 * the launcher, in its own process, with the shipped job file, in a fresh working folder, against a
 * broker holding known traffic. What each prints on its real stdout is checked against what was
 * produced (never against the loader's own counts). A README command this test has no check for
 * fails it, so a new command cannot be documented without being tried.
 */
class ReadmeCommandsIT {
    private static final Path ROOT = Path.of(System.getenv().getOrDefault("LOADER_REPO_ROOT", "..")).toAbsolutePath().normalize();
    private static final Pattern COMMAND = Pattern.compile("^((?:[A-Z_]+=\\S+\\s+)*)bin/loader\\s+(.*?)\\s*(?:#.*)?$");
    /** Commands that are checked elsewhere because they are too long for this suite, and where. */
    private static final Map<String, String> CHECKED_ELSEWHERE = Map.of(
            "bench", "BenchIT runs the same benchmark on 5,000 events (the README's default is 2,000,000)");

    @Test
    void everyReadmeCommandPrintsWhatTheReadmeSays(@TempDir Path dir) throws Exception {
        // The broker is on the class path of demo and bench only (the demo module): `run` and the rest go without it.
        assertThat(jarNames(ROOT.resolve("loader/target/lib"))).noneMatch(n -> n.startsWith("kafka_2.13") || n.startsWith("scala-"));
        assertThat(jarNames(ROOT.resolve("demo/target/lib"))).anyMatch(n -> n.startsWith("kafka_2.13"));
        List<String> commands = readmeCommands();
        assertThat(commands).as("bin/loader commands in the README").hasSizeGreaterThan(8);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.copyOf(TrafficGenerator.TOPICS.values()), 4);
            Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(4));
            Traffic produced = new TrafficGenerator(kafka.bootstrapServers(), 7)
                    .produce(4_000, start, 3, 100, List.copyOf(TrafficGenerator.TOPICS.keySet()));
            Path work = Files.createDirectories(dir.resolve("work"));
            Expectations expect = new Expectations(produced);
            for (String line : commands) {
                Matcher m = COMMAND.matcher(line);
                assertThat(m.matches()).isTrue();
                String subcommand = m.group(2).split("\\s+")[0];
                if (CHECKED_ELSEWHERE.containsKey(subcommand)) {
                    continue;
                }
                if (subcommand.equals("reset-offsets")) {
                    recreate(kafka, m.group(2)); // what the README's line is for: ops deleted and recreated the topic
                }
                Output out = launch(work, kafka.bootstrapServers(), m.group(1), m.group(2));
                assertThat(out.exit()).as("exit code of `%s`; stderr:%n%s", line, out.err()).isZero();
                assertThat(out.out()).as("stdout of `%s`", line).isNotBlank();
                expect.check(subcommand, m.group(2), out, work);
            }
            assertThat(expect.checked).as("commands checked").containsAll(List.of("run", "status", "verify", "report", "demo"));
        }
    }

    /** Deletes the topic the command names and creates it again (a new topic id), as an operator would have. */
    private static void recreate(EmbeddedKafka kafka, String args) throws Exception {
        Matcher topic = Pattern.compile("--topic (\\S+)").matcher(args);
        assertThat(topic.find()).as("reset-offsets names its topic").isTrue();
        java.util.Properties p = new java.util.Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.deleteTopics(List.of(topic.group(1))).all().get();
            await(() -> !admin.listTopics().names().get().contains(topic.group(1)), Duration.ofSeconds(30), "topic deleted");
        }
        kafka.createTopics(List.of(topic.group(1)), 4);
    }

    private static List<String> jarNames(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * Lines of ```sh blocks that run bin/loader, in README order. A ```bash block holds a command that needs
     * what this test cannot have (an HDFS name node); the test of that part runs it (HdfsWarehouseIT).
     */
    static List<String> readmeCommands() throws Exception {
        List<String> out = new ArrayList<>();
        boolean inShell = false;
        for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
            if (line.startsWith("```")) {
                inShell = !inShell && line.equals("```sh");
            } else if (inShell && COMMAND.matcher(line.strip()).matches()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    private record Output(int exit, String out, String err) {
    }

    /** The line as a shell would run it from the working folder, with the launcher of this checkout. */
    private static Output launch(Path work, String bootstrap, String envPrefix, String args) throws Exception {
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", envPrefix + "\"$LOADER_LAUNCHER\" " + args)
                .directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("LOADER_LAUNCHER", ROOT.resolve("bin/loader").toString());
        // The shipped job names localhost:9092; this broker is elsewhere (the README's override way).
        pb.environment().put("LOADER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        // The build made the jar already; a nested build would fight the running one over target/.
        pb.environment().put("LOADER_BUILD", "never");
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("`bin/loader " + args + "` did not finish within 180 s");
        }
        return new Output(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** What each command must print, computed from the produced traffic. */
    private static final class Expectations {
        final Traffic produced;
        final List<String> checked = new ArrayList<>();
        int runs;

        Expectations(Traffic produced) {
            this.produced = produced;
        }

        void check(String subcommand, String args, Output out, Path work) throws Exception {
            checked.add(subcommand);
            String text = out.out();
            switch (subcommand) {
                case "run" -> {
                    Matcher metrics = Pattern.compile("--metrics-file (\\S+)").matcher(args);
                    if (metrics.find()) {
                        Map<String, Double> m = PrometheusText.parse(Files.readString(work.resolve(metrics.group(1))));
                        // The job's totals: every run that committed (the first: later ones find nothing to load), and
                        // everything they loaded.
                        assertThat(m).containsEntry("loader_runs_total{job=\"activity\",outcome=\"ok\"}", 1.0)
                                .containsEntry("loader_records_written_total{job=\"activity\"}", (double) produced.good())
                                .containsEntry("loader_lag_records{job=\"activity\",topic=\"clicks\"}", 0.0);
                    }
                    long expectRead = runs++ == 0 ? produced.good() + produced.malformed() : 0;
                    assertThat(text).containsPattern(expectRead == 0 ? "run \\S+ of job activity: nothing to load"
                            : "run \\S+ of job activity: read " + String.format("%,d", expectRead) + " records");
                    if (expectRead > 0) {
                        assertThat(text).contains("wrote " + String.format("%,d", produced.good()) + " to ")
                                .contains("rejected " + String.format("%,d", produced.malformed()) + " to dead letters");
                    }
                }
                case "status" -> {
                    if (args.contains("--json")) {
                        JsonNode job = new ObjectMapper().readTree(text).get("jobs").get(0);
                        assertThat(job.get("job").asText()).isEqualTo("activity");
                        assertThat(job.get("lag_records").asLong()).isZero();
                        assertThat(job.get("partitions")).hasSize(16);
                        assertThat(job.get("runs").get(0).get("status").asText()).isEqualTo("published");
                        return;
                    }
                    assertThat(text).contains("Recent runs of job activity:").contains("published").contains("Offsets:");
                    List<List<String>> offsets = rowsAfter(text, "Offsets:");
                    assertThat(offsets).as("one row per topic-partition").hasSize(16);
                    assertThat(offsets).allSatisfy(r -> assertThat(r.get(r.size() - 1)).as("lag").isEqualTo("0"));
                }
                case "verify" -> assertThat(text).contains("verify activity: OK, no findings");
                case "report" -> checkReport(args, text, work);
                case "reports" -> assertThat(text).contains("events_by_hour").contains("search_click_through").contains("late_arrivals").contains("(13 rows)");
                case "sql" -> assertThat(rowsAfter(text.substring(text.indexOf('\n')), "").stream()
                        .mapToLong(r -> Long.parseLong(r.get(1))).sum()).isEqualTo(produced.good());
                case "backfill" -> assertThat(text).contains("backfill plan for job activity: 12 hour(s)")
                        .contains(args.contains("--dry-run") ? "dry run: nothing was changed" : "backfill ");
                case "backfills" -> assertThat(text).contains("ticket 123").contains("page_view 2026-11-20 00:00");
                case "hours" -> assertThat(text).contains("activity_type").containsPattern("\\(\\d+ rows?\\)");
                case "schemas" -> assertThat(text).contains("first_used_at").containsPattern("page_view\\s+[0-9a-f]{16}\\s+yes");
                case "compact" -> assertThat(text).contains("compaction plan for job activity")
                        .contains(args.contains("--dry-run") ? "dry run: nothing was changed" : "compaction");
                case "vacuum" -> assertThat(text).contains("vacuum activity: deleted 0 replaced file(s)");
                case "reset-offsets" -> assertThat(text).containsPattern("reset 4 partition\\(s\\) of \\S+");
                case "demo" -> assertThat(text).contains("Catalog matches what was produced: yes")
                        .containsPattern("\\d+ complete with their _SUCCESS, [1-9]\\d* open")
                        .containsPattern("compaction \\S+ of job activity: merged [1-9]\\d* file")
                        .contains("Parquet read-back matches what was produced: yes").contains("verify: OK")
                        .contains("Other formats read back as produced: yes").contains("not_registry_framed").contains("invalid_utf8");
                default -> throw new AssertionError("the README runs `loader " + subcommand + "`: add what it must print to "
                        + ReadmeCommandsIT.class.getSimpleName());
            }
        }

        private void checkReport(String args, String text, Path work) throws Exception {
            Matcher option = Pattern.compile("(?:-r|--report)\\s+(\\S+)").matcher(args);
            String name = option.find() ? option.group(1) : args.split("\\s+")[2];
            Matcher out = Pattern.compile("--out (\\S+)").matcher(args);
            if (out.find()) {
                assertThat(text.strip()).isEqualTo("wrote " + out.group(1));
                String written = Files.readString(work.resolve(out.group(1)));
                if (args.contains("--format html")) {
                    assertThat(written).startsWith("<!DOCTYPE html>").contains("<svg").contains("class=\"bar\"").doesNotContain("<script");
                } else {
                    assertThat(written.lines().count()).as("csv rows of " + name).isGreaterThan(1);
                }
                return;
            }
            if (args.contains("--format json")) {
                JsonNode json = new ObjectMapper().readTree(text);
                assertThat(json.get("report").asText()).isEqualTo(name);
                if (!args.contains("--from")) { // the README's range is a day of its own, not the traffic's
                    assertThat(json.get("rows").size()).isPositive();
                }
                return;
            }
            Matcher version = Pattern.compile("--as-of (\\d+)").matcher(args);
            assertThat(text).containsPattern("^report " + name + " of job activity at catalog version "
                    + (version.find() ? version.group(1) : "\\d+"));
            text = text.substring(text.indexOf('\n') + 1);
            List<List<String>> rows = rowsAfter("\n" + text, "");
            switch (name) {
                case "loaded_by_hour" -> assertThat(byHour(rows, 0, 1, 2, 4)).isEqualTo(produced.goodByHour());
                case "events_by_hour" -> assertThat(byHour(rows, 0, 1, 2, 3)).isEqualTo(produced.goodByHour());
                case "dead_letters" -> assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.get(r.size() - 1))).sum())
                        .isEqualTo(produced.malformed());
                case "runs" -> assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.get(2)).isEqualTo("published"));
                case "search_click_through", "funnel", "top_referrers", "zero_result_searches", "daily_active_users",
                        "dead_letters_by_hour", "load_freshness" -> assertThat(rows).isNotEmpty();
                case "top_pages" -> assertThat(rows).isNotEmpty().hasSizeLessThanOrEqualTo(args.contains("limit=5") ? 5 : 20)
                        .allSatisfy(r -> assertThat(r.get(0)).startsWith("https://"));
                default -> throw new AssertionError("the README runs report " + name + ": add its check to "
                        + ReadmeCommandsIT.class.getSimpleName());
            }
            assertThat(text).contains("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        }

        private static Map<Hour, Long> byHour(List<List<String>> rows, int type, int date, int hour, int count) {
            Map<Hour, Long> out = new HashMap<>();
            for (List<String> r : rows) {
                out.merge(new Hour(r.get(type), LocalDate.parse(r.get(date)), Integer.parseInt(r.get(hour))),
                        Long.parseLong(r.get(count)), Long::sum);
            }
            return out;
        }

        /** Cells of the first text table after the heading line: header, rule of dashes, rows, "(n rows)". */
        private static List<List<String>> rowsAfter(String text, String heading) {
            List<String> lines = text.substring(text.indexOf(heading + "\n") + heading.length() + 1).lines().toList();
            List<List<String>> rows = new ArrayList<>();
            assertThat(lines.get(1)).as("rule under the header").matches("[- ]+");
            for (String line : lines.subList(2, lines.size())) {
                if (line.matches("\\(\\d+ rows?\\)")) {
                    return rows;
                }
                rows.add(List.of(line.strip().split("\\s{2,}")));
            }
            throw new AssertionError("no end of table in:\n" + text);
        }
    }
}
