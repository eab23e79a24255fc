package org.activityloader.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.commit.HourMarkers;
import org.junit.jupiter.api.Test;

class MarkerAuditTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final Instant AT = Instant.parse("2026-11-20T12:00:00Z");

    private static HourRow hour(HourState state) {
        return new HourRow("job", "click", DAY, 10, state, 1, AT, state == HourState.OPEN ? null : 2L, state == HourState.OPEN ? null : AT,
                2, AT, 0, 0);
    }

    private static Optional<HourFiles> files(long records) {
        return Optional.of(new HourFiles("click", DAY, 10, 2, records));
    }

    private static Optional<JsonNode> marker(String state, long records, long files) throws Exception {
        return marker(state, records, files, 2);
    }

    private static Optional<JsonNode> marker(String state, long records, long files, long version) throws Exception {
        return Optional.of(new ObjectMapper().readTree("{\"job\":\"job\",\"activity_type\":\"click\",\"date\":\"2026-11-20\",\"hour\":10,"
                + "\"state\":\"" + state + "\",\"records\":" + records + ",\"files\":" + files + ",\"catalog_version\":" + version
                + ",\"amendments\":0,\"late_records\":0}"));
    }

    @Test
    void aClosedHoursMarkerAgreesWithTheCatalogOnStateAndRecordsNotOnFiles() throws Exception {
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(35), marker("complete", 35, 2))).isEmpty();
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(35), marker("complete", 35, 9)))
                .as("a compaction merged the files and left the marker alone").isEmpty();
        assertThat(MarkerAudit.check(hour(HourState.AMENDED), files(36), marker("complete", 35, 2))).get()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("stale_marker"))
                .satisfies(f -> assertThat(f.detail()).contains("says complete with 35 records").contains("amended with 36"));
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(36), marker("complete", 35, 2))).get()
                .extracting(Finding::kind).isEqualTo("stale_marker");
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(35), marker("complete", 35, 2, 1))).as("an older change's")
                .get().satisfies(f -> assertThat(f.detail()).contains("at catalog version 1").contains("at 2"));
    }

    @Test
    void aClosedHourWithoutAMarkerAndAnOpenHourWithOneAreFindings() throws Exception {
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(35), Optional.empty())).get()
                .satisfies(f -> assertThat(f.kind()).isEqualTo("missing_marker"))
                .satisfies(f -> assertThat(f.detail()).contains("hour=10/_SUCCESS").contains("verify --repair"));
        assertThat(MarkerAudit.check(hour(HourState.OPEN), files(35), marker("complete", 35, 2))).get()
                .extracting(Finding::kind).isEqualTo("stale_marker");
        assertThat(MarkerAudit.check(hour(HourState.OPEN), files(35), Optional.empty())).isEmpty();
    }

    @Test
    void aMarkerAsPublishingWritesItAgrees() throws Exception {
        for (HourState state : List.of(HourState.COMPLETE, HourState.AMENDED)) {
            byte[] written = HourMarkers.content(hour(state), files(35).orElseThrow());
            assertThat(MarkerAudit.check(hour(state), files(35), Optional.of(new ObjectMapper().readTree(written)))).as(state.value())
                    .isEmpty();
        }
    }

    @Test
    void aMarkerNamingAnotherHourDisagrees() throws Exception {
        JsonNode other = marker("complete", 35, 2).orElseThrow().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) other).put("hour", 7);
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(35), Optional.of(other))).get()
                .satisfies(f -> assertThat(f.detail()).contains("names another hour"));
    }

    @Test
    void anUnreadableMarkerDisagrees() throws Exception {
        assertThat(MarkerAudit.check(hour(HourState.COMPLETE), files(35), Optional.of(new ObjectMapper().createObjectNode()))).get()
                .extracting(Finding::kind).isEqualTo("stale_marker");
    }
}
