package org.activityloader.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The first check of {@code loader sql}: words outside strings, names and comments. */
class SqlGuardTest {
    @Test
    void queriesPass() {
        assertThat(SqlGuard.problem("SELECT count(*) FROM activity WHERE url LIKE '%;DROP%' -- ; INSERT")).isEmpty();
        assertThat(SqlGuard.problem("with a as (select 1) select * from a;")).isEmpty();
        assertThat(SqlGuard.problem("SELECT $$it's; DROP$$, E'a\\'; DELETE', \"SET\" FROM search")).isEmpty();
        assertThat(SqlGuard.problem("SELECT price$1 FROM t")).isEmpty();
    }

    @Test
    void aQuoteInsideAnotherKindOfStringHidesNothing() {
        assertThat(SqlGuard.problem("SELECT $$'$$; CREATE TABLE t AS SELECT 1; SELECT 1 --'")).contains(
                "one query at a time: ';' separates statements");
        assertThat(SqlGuard.problem("SELECT $x$'$x$; DROP VIEW activity --'")).isPresent();
        assertThat(SqlGuard.problem("SELECT E'\\''; DROP VIEW activity; SELECT 1 --'")).isPresent();
        assertThat(SqlGuard.problem("SELECT E'x'''; DELETE FROM search --'")).isPresent();
    }

    @Test
    void writesAndSettingsAreRefusedByName() {
        assertThat(SqlGuard.problem("copy activity to 'x.csv'")).get().asString().startsWith("COPY is refused");
        assertThat(SqlGuard.problem("SELECT 1 FROM t /* c */ UNION SELECT * FROM (INSERT INTO t VALUES (1))")).get().asString()
                .startsWith("INSERT is refused");
        assertThat(SqlGuard.problem("  ")).contains("no query given");
        assertThat(SqlGuard.problem("SUMMARIZ activity")).get().asString().contains("is not a query");
    }
}
