package org.activityloader.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --progress auto}: a bar redrawn in place on a pseudo-terminal (util-linux {@code script}
 * gives the child one), plain log lines without a terminal (cron mail, CI).
 */
class ProgressIT {
    @Test
    void aBarOnATerminalAndPlainLinesWithout(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 2);
            new TrafficGenerator(kafka.bootstrapServers(), 4).produce(3_000, Instant.parse("2026-11-04T00:00:00Z"), 1, 0, List.of("click"));
            Path onTerminal = ChildLoader.writeJobFile(dir, TestJobs.job("tty", kafka.bootstrapServers(), dir.resolve("w1"),
                    TestCatalogs.h2(dir.resolve("c1")), List.of("click")));
            Path withoutTerminal = ChildLoader.writeJobFile(dir, TestJobs.job("pipe", kafka.bootstrapServers(), dir.resolve("w2"),
                    TestCatalogs.h2(dir.resolve("c2")), List.of("click")));

            String bar = run(dir, true, onTerminal);
            assertThat(bar).as("a bar drawn with carriage returns").contains("\r").containsPattern("tty \\[=+\\] 100%  3,000 of 3,000 records")
                    .contains("ETA 0:00").doesNotContain("read 3,000 of 3,000 records in");

            String lines = run(dir, false, withoutTerminal);
            assertThat(lines).as("no bar in a pipe").doesNotContain("\r").doesNotContain("[===")
                    .contains("pipe: read 3,000 of 3,000 records in ");
        }
    }

    /** The child's whole output; on a pseudo-terminal when asked (then its stdout and stderr are the terminal). */
    private static String run(Path dir, boolean terminal, Path job) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.activityloader.cli.LoaderCommand", "run", job.toString(), "--progress", "auto"));
        Path out = dir.resolve((terminal ? "tty" : "pipe") + ".out");
        ProcessBuilder pb = terminal
                ? new ProcessBuilder("script", "-qefc", String.join(" ", java.stream().map(ProgressIT::quoted).toList()), "/dev/null")
                : new ProcessBuilder(java);
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("of job " + (terminal ? "tty" : "pipe") + ": read 3,000 records");
        return text;
    }

    private static String quoted(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
