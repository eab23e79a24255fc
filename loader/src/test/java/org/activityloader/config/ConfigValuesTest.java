package org.activityloader.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {
    @ParameterizedTest
    @CsvSource({
            "1048576, 1048576",
            "0, 0",
            "100B, 100",
            "512KB, 524288",
            "512K, 524288",
            "64MB, 67108864",
            "64 MiB, 67108864",
            "8mb, 8388608",
            "2GB, 2147483648",
            "1TB, 1099511627776",
            "' 16MB ', 16777216",
    })
    void sizes(String text, long bytes) {
        assertThat(ConfigValues.parseSize(text)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "1.5GB", "-1", "64XB", "64PB", "64I", "64IB", "MB",
            "99999999999999999999", "9999999999TB"})
    void notSizes(String text) {
        assertThat(ConfigValues.parseSize(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "250ms, PT0.25S",
            "30s, PT30S",
            "10m, PT10M",
            "10M, PT10M",
            "2h, PT2H",
            "1d, PT24H",
            "' 15m ', PT15M",
            "PT10M, PT10M",
            "P1DT1H, PT25H",
    })
    void durations(String text, String iso) {
        assertThat(ConfigValues.parseDuration(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "10 minutes", "1.5h", "10", "h",
            "99999999999999999999s", "999999999999999999d"})
    void notDurations(String text) {
        assertThat(ConfigValues.parseDuration(text)).isNull();
    }
}
