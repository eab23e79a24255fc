package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's own parser decides what {@code loader sql} runs: one query, nothing else. */
class WarehouseViewsIT {
    @Test
    void onlyOneQueryAsDuckDbReadsItIsRun(@TempDir Path dir) throws Exception {
        try (Storage storage = new Storage(dir.toUri());
             WarehouseViews views = new WarehouseViews(List.of(), storage, ActivitySchemas.load(TestJobs.SCHEMAS, List.of("search")))) {
            assertThat(views.notOneQuery("SELECT COUNT(*) FROM search")).isEmpty();
            assertThat(views.notOneQuery("FROM activity")).isEmpty();
            assertThat(views.notOneQuery("DESCRIBE search")).isEmpty();
            assertThat(views.notOneQuery("SUMMARIZE SELECT 1")).isEmpty();
            assertThat(views.notOneQuery("explain analyze SELECT * FROM search")).isEmpty();
            assertThat(views.notOneQuery("SELECT 1; SELECT 2")).contains("one query at a time: DuckDB reads 2 statements in this text");
            assertThat(views.notOneQuery("SELECT $$'$$; DROP VIEW search; SELECT 1 --'")).get().asString()
                    .contains("a statement in it is not a query");
            assertThat(views.notOneQuery("CREATE TABLE t AS SELECT 1")).get().asString().contains("not a query");
            assertThat(views.notOneQuery("EXPLAIN DROP VIEW search")).get().asString().contains("not a query");
            assertThat(views.notOneQuery("SELEC 1")).get().asString().contains("syntax error");
        }
    }
}
