package org.activityloader.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loader bench --format avro}, in a class of its own so that it runs beside the Parquet bench. */
class BenchAvroIT {
    @Test
    void avroOutputIsCountedFromItsFiles(@TempDir Path dir) throws Exception {
        BenchIT.Output r = BenchIT.bench(dir, "bench", "--events", "3000", "--format", "avro", "--data-dir",
                dir.resolve("bench").toString(), "--job", Path.of("../jobs/activity.yaml").toString());

        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("full run avro (3,000)").containsPattern("read back with Avro's reader: [\\d,]+ rows; the run"
                + " wrote [\\d,]+: identical");
    }
}
