package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileState;
import org.activityloader.config.OutputFormat;
import org.activityloader.partition.PartitionKey;
import org.junit.jupiter.api.Test;

class CompactionPlannerTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final PartitionKey TEN = new PartitionKey("click", DAY, 10);
    private static final PartitionKey ELEVEN = new PartitionKey("click", DAY, 11);
    private static final Map<String, String> NOW = Map.of("click", "v2");
    private static final long MB = 1 << 20;

    private static DataFileRow file(String name, int hour, OutputFormat format, long bytes, String schema) {
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        return new DataFileRow("activity_type=click/date=2026-11-20/hour=" + hour + "/" + name, "_staging/x/" + name, "r1", "job", "click",
                DAY, hour, format, 100, bytes, t, t, schema, FileState.LIVE, 1, null, null, null, null, null);
    }

    private static List<CompactionGroup> plan(List<DataFileRow> files, Set<String> keepApart, long target) {
        return CompactionPlanner.plan(files, Set.of(TEN, ELEVEN), NOW, keepApart, target, OutputFormat.PARQUET);
    }

    @Test
    void smallFilesOfAnHourArePackedUpToTheTargetAndALoneOneIsLeftAlone() {
        List<CompactionGroup> groups = plan(List.of(file("a", 10, OutputFormat.PARQUET, 40 * MB, "v2"),
                file("b", 10, OutputFormat.PARQUET, 40 * MB, "v2"), file("c", 10, OutputFormat.PARQUET, 40 * MB, "v2"),
                file("d", 11, OutputFormat.PARQUET, 10 * MB, "v2")), Set.of(), 100 * MB);
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.key()).isEqualTo(TEN);
            assertThat(g.files()).extracting(f -> f.path().substring(f.path().length() - 1)).containsExactly("a", "b");
        });
    }

    @Test
    void filesOfSeveralFormatsMergeTogetherAndALoneOneInTheOldFormatIsRewritten() {
        List<CompactionGroup> groups = plan(List.of(file("a.parquet", 10, OutputFormat.PARQUET, MB, "v2"),
                file("b.avro", 10, OutputFormat.AVRO, MB, "v2"), file("c.avro", 11, OutputFormat.AVRO, MB, "v2")), Set.of(), 100 * MB);
        assertThat(groups).extracting(CompactionGroup::key).containsExactly(TEN, ELEVEN);
        assertThat(groups.get(0).files()).hasSize(2);
        assertThat(groups.get(1).files()).as("converted to Parquet, so readers of Parquet see the hour").hasSize(1);
    }

    @Test
    void bigFilesOtherSchemasOpenHoursAndFilesKeptApartAreNotMerged() {
        List<DataFileRow> files = List.of(file("big", 10, OutputFormat.PARQUET, 200 * MB, "v2"),
                file("old1", 10, OutputFormat.PARQUET, MB, "v1"), file("old2", 10, OutputFormat.PARQUET, MB, "v1"),
                file("apart", 10, OutputFormat.PARQUET, MB, "v2"), file("ok", 10, OutputFormat.PARQUET, MB, "v2"),
                file("open1", 12, OutputFormat.PARQUET, MB, "v2"), file("open2", 12, OutputFormat.PARQUET, MB, "v2"));
        String apart = files.get(3).path();
        assertThat(plan(files, Set.of(apart), 100 * MB)).isEmpty();
        assertThat(plan(files, Set.of(), 100 * MB)).singleElement().satisfies(g -> assertThat(g.files()).hasSize(2));
    }
}
