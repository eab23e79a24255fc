package org.activityloader.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    private static final PartitionKey KEY = new PartitionKey("page_view", LocalDate.of(2024, 3, 5), 7);

    @Test
    void dataFileLivesInItsPartitionDirectory() {
        assertThat(FileNames.dataFile(KEY, "r20240305-abc", 3, "parquet"))
                .isEqualTo("activity_type=page_view/date=2024-03-05/hour=07/part-r20240305-abc-00003.parquet");
        assertThat(FileNames.dataFile(KEY, "r1", 123456, "avro"))
                .isEqualTo("activity_type=page_view/date=2024-03-05/hour=07/part-r1-123456.avro");
    }

    @Test
    void stagedFilesMirrorTheirFinalPath() {
        String finalPath = FileNames.dataFile(KEY, "r1", 0, "parquet");
        assertThat(FileNames.stagingDir("r1")).isEqualTo("_staging/r1");
        assertThat(FileNames.staged("r1", finalPath)).isEqualTo("_staging/r1/" + finalPath);
    }

    @Test
    void deadLetterFilePerTopicPartition() {
        assertThat(FileNames.deadLetterFile("r1", "clicks", 2)).isEqualTo("_dead_letter/r1/clicks-2.jsonl");
    }

    @Test
    void readerIgnoredFoldersStartWithUnderscore() {
        assertThat(FileNames.STAGING).startsWith("_");
        assertThat(FileNames.DEAD_LETTER).startsWith("_");
    }
}
