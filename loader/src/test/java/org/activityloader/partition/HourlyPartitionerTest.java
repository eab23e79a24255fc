package org.activityloader.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HourlyPartitionerTest {
    @ParameterizedTest(name = "{1} in {0} -> {2} hour {3}")
    @CsvSource({
            "UTC,                 2024-03-10T00:00:00Z,     2024-03-10, 0",
            "UTC,                 2024-03-10T09:59:59.999Z, 2024-03-10, 9",
            "UTC,                 2024-03-10T10:00:00Z,     2024-03-10, 10",
            "UTC,                 2024-03-10T23:59:59.999Z, 2024-03-10, 23",
            "UTC,                 2024-03-11T00:00:00Z,     2024-03-11, 0",
            "UTC,                 2023-12-31T23:30:00Z,     2023-12-31, 23",
            "UTC,                 2024-02-29T12:00:00Z,     2024-02-29, 12",
            "UTC,                 1969-12-31T23:00:00Z,     1969-12-31, 23",
            "Europe/Berlin,       2024-03-10T22:59:59.999Z, 2024-03-10, 23",
            "Europe/Berlin,       2024-03-10T23:00:00Z,     2024-03-11, 0",
            "Europe/Berlin,       2024-07-01T21:59:00Z,     2024-07-01, 23",
            "Europe/Berlin,       2024-07-01T22:00:00Z,     2024-07-02, 0",
            "Asia/Kolkata,        2024-01-01T18:29:59Z,     2024-01-01, 23",
            "Asia/Kolkata,        2024-01-01T18:30:00Z,     2024-01-02, 0",
            "America/Los_Angeles, 2024-01-01T05:00:00Z,     2023-12-31, 21",
            "America/Los_Angeles, 2024-01-01T08:00:00Z,     2024-01-01, 0",
    })
    void keyIsTheLocalDateAndHour(String zone, String instant, LocalDate date, int hour) {
        PartitionKey key = new HourlyPartitioner(ZoneId.of(zone)).keyFor("click", Instant.parse(instant).toEpochMilli());
        assertThat(key).isEqualTo(new PartitionKey("click", date, hour));
    }

    @Test
    void keysOfRememberedHoursMatchTheZoneRulesForManyTimesAndTypes() {
        Random random = new Random(3);
        for (String zone : List.of("UTC", "+05:30", "-09:45", "Europe/Berlin")) {
            ZoneId id = ZoneId.of(zone);
            HourlyPartitioner partitioner = new HourlyPartitioner(id);
            for (int i = 0; i < 50_000; i++) {
                // a few hundred hours on both sides of 1970 and today, two types: slots are reused and collide
                long base = random.nextBoolean() ? 0 : 1_764_000_000_000L;
                long millis = base + random.nextLong(-400 * 3_600_000L, 400 * 3_600_000L);
                String type = random.nextBoolean() ? "click" : "search";
                ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(id);
                assertThat(partitioner.keyFor(type, millis)).as(zone + " " + t)
                        .isEqualTo(new PartitionKey(type, t.toLocalDate(), t.getHour()));
            }
        }
    }
}
