package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFileTest {
    private static final String EVENTS_BY_HOUR = """
            -- description: Events per hour and activity type
            -- source: warehouse
            -- chart: stacked_bars x=date,hour series=activity_type y=events
            -- param: top = 10  how many activity types
            SELECT date, hour, activity_type, count(*) AS events FROM activity
            WHERE event_time >= CAST(:from AS TIMESTAMP) AND event_time < CAST(:to AS TIMESTAMP)
            GROUP BY 1, 2, 3 LIMIT :top;
            """;

    @Test
    void theHeaderSaysWhatTheReportIs() {
        Report r = ReportFile.parse("events_by_hour", EVENTS_BY_HOUR);
        assertThat(r.name()).isEqualTo("events_by_hour");
        assertThat(r.description()).isEqualTo("Events per hour and activity type");
        assertThat(r.source()).isEqualTo(Report.Source.WAREHOUSE);
        assertThat(r.chart()).contains(new Report.Chart(Report.Chart.Kind.STACKED_BARS, List.of("date", "hour"), "activity_type", "events"));
        assertThat(r.params()).containsExactly(Report.FROM, Report.TO, new Report.Param("top", "10", "how many activity types"));
        assertThat(r.params().get(2).isCount()).isTrue();
    }

    @Test
    void theQueryIsTheWholeTextButItsLastSemicolon() {
        Report r = ReportFile.parse("events_by_hour", EVENTS_BY_HOUR);
        assertThat(r.sql()).startsWith("-- description:").endsWith("LIMIT :top");
    }

    @Test
    void withoutAHeaderAReportReadsTheCatalogAndTakesNoTimes() {
        Report r = ReportFile.parse("runs", "SELECT * FROM load_run WHERE job_name = :job");
        assertThat(r.source()).isEqualTo(Report.Source.CATALOG);
        assertThat(r.description()).isEmpty();
        assertThat(r.params()).isEmpty();
        assertThat(r.chart()).isEmpty();
    }
}
