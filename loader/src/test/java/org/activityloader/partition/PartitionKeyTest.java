package org.activityloader.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionKeyTest {
    @ParameterizedTest
    @CsvSource({
            "page_view, 2024-03-05, 0,  activity_type=page_view/date=2024-03-05/hour=00",
            "page_view, 2024-03-05, 7,  activity_type=page_view/date=2024-03-05/hour=07",
            "search,    2024-12-31, 10, activity_type=search/date=2024-12-31/hour=10",
            "signup,    0999-01-09, 23, activity_type=signup/date=0999-01-09/hour=23",
    })
    void hiveDirectory(String type, LocalDate date, int hour, String directory) {
        PartitionKey key = new PartitionKey(type, date, hour);
        assertThat(key.directory()).isEqualTo(directory);
        assertThat(key).hasToString(directory);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 24, 100})
    void hourOutOfRange(int hour) {
        assertThatThrownBy(() -> new PartitionKey("click", LocalDate.of(2024, 1, 1), hour))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(String.valueOf(hour));
    }

    @Test
    void equalKeysAreEqual() {
        assertThat(new PartitionKey("click", LocalDate.of(2024, 1, 1), 5))
                .isEqualTo(new PartitionKey("click", LocalDate.of(2024, 1, 1), 5))
                .isNotEqualTo(new PartitionKey("click", LocalDate.of(2024, 1, 1), 6));
    }
}
