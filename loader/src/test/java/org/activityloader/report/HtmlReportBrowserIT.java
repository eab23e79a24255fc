package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML page of a report with a chart, in a real headless browser (Debian's chromium; the test
 * installs nothing, {@code .ci/run} installs the package): the DOM it renders has one bar segment
 * per (hour, activity type) with a value, each as high as its value says, and a legend; a screenshot
 * is kept in {@code target/report-chart.png}.
 */
class HtmlReportBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern BAR = Pattern.compile("<rect class=\"bar\"[^>]*?height=\"([\\d.]+)\"[^>]*?data-x=\"([^\"]*)\""
            + " data-series=\"([^\"]*)\" data-value=\"([^\"]*)\"");

    @Test
    void theBrowserDrawsOneBarPerHourAndTypeAsHighAsItsValue(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("chromium is needed at " + CHROMIUM + " under CI (.ci/run installs it)");
            }
            System.err.println("NOTICE: no " + CHROMIUM + ": skipping the browser test of the HTML report");
            Assumptions.abort("no chromium");
        }
        List<List<Object>> rows = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        String[] types = {"click", "page_view", "search"};
        for (int h = 0; h < 6; h++) {
            for (int t = 0; t < types.length; t++) {
                long events = (h == 2 && t == 0) ? 0 : 100L * (t + 1) + 37L * h;
                rows.add(List.of(types[t], LocalDate.parse("2026-11-20"), h, events, events / 2));
                if (events > 0) {
                    expected.put("2026-11-20 " + String.format("%02d:00", h) + "/" + types[t], events);
                }
            }
        }
        ReportResult result = new ReportResult("events_by_hour", "activity", "hourly volume", 7, Map.of(), Optional.empty(),
                Optional.of(new Report.Chart(Report.Chart.Kind.STACKED_BARS, List.of("date", "hour"), "activity_type", "events")));
        Path page = dir.resolve("report.html");
        Files.writeString(page, ReportFormat.HTML.render(result, new Table(List.of("activity_type", "date", "hour", "events", "users"), rows)));

        String dom = chromium(dir, "--dump-dom", page);
        assertThat(dom).contains("<svg").contains("catalog version 7");
        Map<String, Long> drawn = new HashMap<>();
        List<Double> perUnit = new ArrayList<>();
        Matcher m = BAR.matcher(dom);
        while (m.find()) {
            long value = Long.parseLong(m.group(4));
            drawn.put(m.group(2) + "/" + m.group(3), value);
            perUnit.add(Double.parseDouble(m.group(1)) / value);
        }
        assertThat(drawn).as("one bar segment per (hour, type) with a value, none for the empty one").isEqualTo(expected);
        double first = perUnit.get(0);
        assertThat(perUnit).as("heights proportional to the values").allSatisfy(p -> assertThat(p).isCloseTo(first,
                org.assertj.core.data.Offset.offset(first * 0.001)));
        assertThat(dom.split("class=\"legend\"", -1)).hasSize(types.length + 1);
        assertThat(dom).contains(">click<").contains(">page_view<").contains(">search<").contains(">events<");

        Path shot = Path.of("target", "report-chart.png").toAbsolutePath();
        Files.createDirectories(shot.getParent());
        Files.deleteIfExists(shot);
        chromium(dir, "--screenshot=" + shot, page);
        assertThat(shot).exists();
        assertThat(Files.size(shot)).as("a screenshot with something on it").isGreaterThan(10_000);
    }

    private static String chromium(Path dir, String action, Path page) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-");
        Path out = dir.resolve("chromium.out");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1100,800", action, page.toUri().toString())
                .redirectOutput(out.toFile()).redirectError(dir.resolve("chromium.err").toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("chromium.err"))).isZero();
        return Files.readString(out);
    }
}
