package org.activityloader.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.FileState;
import org.activityloader.config.OutputFormat;
import org.junit.jupiter.api.Test;

class HourAuditTest {
    @Test
    void filesOfDifferentHoursWithInterleavedButDisjointOffsetsAreFine() {
        List<FileSourceRow> sources = List.of(runs("h1", "100+5,5+5"), runs("h2", "105+5,5+5"));
        assertThat(HourAudit.check(List.of(file("h1", 1), file("h2", 2)), sources, List.of())).isEmpty();
    }

    @Test
    void anOffsetInTwoLiveFilesOfAnyHoursOrInAFileAndADeadLetterIsFound() {
        List<FileSourceRow> sources = List.of(runs("h1", "100+5,5+5"), runs("h3", "112+1"));
        assertThat(HourAudit.check(List.of(file("h1", 1), file("h3", 3)), sources, List.of()))
                .singleElement().satisfies(f -> assertThat(f.toString()).contains("offset_held_twice").contains("offset 112"));
        DeadLetterRow rejected = new DeadLetterRow("r", "clicks", 0, 0, 103, "bad", "dl");
        assertThat(HourAudit.check(List.of(file("h1", 1)), List.of(runs("h1", "100+5")), List.of(rejected)))
                .singleElement().satisfies(f -> assertThat(f.toString()).contains("offset 103"));
        DeadLetterRow otherEpoch = new DeadLetterRow("r", "clicks", 0, 1, 103, "bad", "dl");
        assertThat(HourAudit.check(List.of(file("h1", 1)), List.of(runs("h1", "100+5")), List.of(otherEpoch))).isEmpty();
    }

    @Test
    void olderLineageWithoutRunsIsCheckedHourByHourBySpans() {
        FileSourceRow a = new FileSourceRow("a", "clicks", 0, 100, 150, 51, 0, null);
        FileSourceRow b = new FileSourceRow("b", "clicks", 0, 140, 160, 21, 0, null);
        assertThat(HourAudit.check(List.of(file("a", 1), file("b", 1)), List.of(a, b), List.of())).singleElement()
                .satisfies(f -> assertThat(f.toString()).contains("hour_overlap"));
        assertThat(HourAudit.check(List.of(file("a", 1), file("b", 2)), List.of(a, b), List.of())).as("other hours: not known").isEmpty();
    }

    private static FileSourceRow runs(String path, String runs) {
        return new FileSourceRow(path, "clicks", 0, 0, 0, 0, 0, runs);
    }

    private static DataFileRow file(String path, int hour) {
        Instant t = Instant.parse("2026-06-01T00:00:00Z");
        return new DataFileRow(path, null, "run", "job", "click", LocalDate.parse("2026-06-01"), hour, OutputFormat.PARQUET, 1, 1, t, t, "fp",
                FileState.LIVE, 1, null, null, null, null, null);
    }
}
