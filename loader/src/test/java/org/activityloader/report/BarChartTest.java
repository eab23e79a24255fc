package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BarChartTest {
    private static final LocalDate DAY = LocalDate.of(2026, 5, 1);

    @Test
    void rowsAreSummedPerSlotAndSeriesInTheOrderTheyCame() {
        Table t = new Table(List.of("date", "hour", "activity_type", "events"), List.of(
                List.of(DAY, 5, "search", 10L), List.of(DAY, 4, "click", 3L), List.of(DAY, 5, "search", 2.5),
                List.of(DAY, 5, "click", "n/a")));
        BarChart.Slots slots = BarChart.slots(t, List.of(0, 1), 2, 3);
        assertThat(slots.values()).containsExactly(
                Map.entry("2026-05-01 05:00", Map.of("search", 12.5, "click", 0.0)),
                Map.entry("2026-05-01 04:00", Map.of("click", 3.0)));
        assertThat(slots.series()).containsExactly("search", "click");
    }

    @Test
    void theTallestSlotIsItsLargestBarSideBySideAndItsSumStacked() {
        BarChart.Slots slots = new BarChart.Slots(Map.of("a", Map.of("x", 3.0, "y", 4.0), "b", Map.of("x", 5.0)), List.of("x", "y"));
        assertThat(slots.max(true)).isEqualTo(5.0);
        assertThat(slots.max(false)).isEqualTo(7.0);
    }

    @Test
    void aChartOfColumnsTheReportLacksIsALineSayingSo() {
        Table t = new Table(List.of("date", "events"), List.of(List.of(DAY, 1L)));
        assertThat(BarChart.svg(t, new Report.Chart(Report.Chart.Kind.STACKED_BARS, List.of("date"), "activity_type", "events")))
                .isEqualTo("<p>(no chart: the report has no columns date, activity_type, events)</p>\n");
    }

    @Test
    void aBarPerSeriesValueOfASlotThatHasOne() {
        Table t = new Table(List.of("date", "measure", "value"), List.of(List.of(DAY, "users", 4L), List.of(DAY, "sessions", 0L)));
        String svg = BarChart.svg(t, new Report.Chart(Report.Chart.Kind.GROUPED_BARS, List.of("date"), "measure", "value"));
        assertThat(svg).startsWith("<svg id=\"chart\"").contains("data-series=\"users\" data-value=\"4\"")
                .doesNotContain("data-series=\"sessions\"").contains("class=\"legend\"").endsWith("</svg>\n");
    }
}
