package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page's bars: measures that do not add up stand side by side; parts of a whole stack. */
class HtmlPageTest {
    private static final Pattern BAR = Pattern.compile("<rect class=\"bar\" x=\"([0-9.]+)\" y=\"([0-9.]+)\" width=\"([0-9.]+)\""
            + " height=\"([0-9.]+)\"[^>]*data-x=\"([^\"]*)\" data-series=\"([^\"]*)\" data-value=\"([^\"]*)\"");

    private record Bar(double x, double y, double width, double height, String slot, String series, double value) {
    }

    private static List<Bar> bars(Report.Chart.Kind kind) {
        List<List<Object>> rows = new ArrayList<>();
        for (int d = 1; d <= 3; d++) {
            rows.add(List.of(LocalDate.of(2026, 5, d), "active_users", 100L * d));
            rows.add(List.of(LocalDate.of(2026, 5, d), "sessions", 250L * d));
        }
        ReportResult r = new ReportResult("daily_active_users", "job", "", 1, Map.of(), Optional.empty(),
                Optional.of(new Report.Chart(kind, List.of("date"), "measure", "value")));
        String page = ReportFormat.HTML.render(r, new Table(List.of("date", "measure", "value"), rows));
        List<Bar> bars = new ArrayList<>();
        Matcher m = BAR.matcher(page);
        while (m.find()) {
            bars.add(new Bar(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)), m.group(5), m.group(6), Double.parseDouble(m.group(7))));
        }
        assertThat(bars).hasSize(6);
        assertThat(page).contains("<table id=\"rows\">").contains("<td>sessions</td>");
        return bars;
    }

    @Test
    void groupedBarsStandOnTheAxisSideBySide() {
        List<Bar> bars = bars(Report.Chart.Kind.GROUPED_BARS);
        double base = bars.get(0).y() + bars.get(0).height();
        Map<String, List<Bar>> bySlot = new HashMap<>();
        for (Bar b : bars) {
            assertThat(b.y() + b.height()).as("every bar starts at the axis").isCloseTo(base, org.assertj.core.data.Offset.offset(0.05));
            assertThat(b.height() / b.value()).as("height proportional to value").isCloseTo(bars.get(0).height() / bars.get(0).value(),
                    org.assertj.core.data.Offset.offset(1e-3));
            bySlot.computeIfAbsent(b.slot(), k -> new ArrayList<>()).add(b);
        }
        bySlot.values().forEach(pair -> {
            Bar a = pair.get(0);
            Bar b = pair.get(1);
            assertThat(Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x())).as("no overlap").isLessThanOrEqualTo(0.01);
        });
    }

    @Test
    void stackedBarsPileUp() {
        List<Bar> bars = bars(Report.Chart.Kind.STACKED_BARS);
        Map<String, List<Bar>> bySlot = new HashMap<>();
        bars.forEach(b -> bySlot.computeIfAbsent(b.slot(), k -> new ArrayList<>()).add(b));
        bySlot.values().forEach(pair -> assertThat(pair.get(1).y() + pair.get(1).height()).as("the second sits on the first")
                .isCloseTo(pair.get(0).y(), org.assertj.core.data.Offset.offset(0.05)));
    }
}
