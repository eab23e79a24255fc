package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every change of a run's state is a move of the state machine, made only from the state it moves from. */
class RunsTest {
    private static final Instant AT = Instant.parse("2026-06-01T00:00:00Z");
    private static final RunCounts COUNTS = new RunCounts(1, 1, 0, 0, 1, 10, 20);

    private final Catalog catalog = Catalog.open(new CatalogSpec("jdbc:h2:mem:runs-" + UUID.randomUUID(), "sa", Secret.NONE));
    private final Runs runs = catalog.runs();

    @AfterEach
    void close() {
        catalog.close();
    }

    @Test
    void aRunMovesRunningCommittedPublishedOnceEach() {
        runs.start("r1", "job", "load", AT);
        assertThat(state("r1")).isEqualTo(RunState.RUNNING);
        assertThat(commit("r1")).isTrue();
        assertThat(commit("r1")).as("committed once").isFalse();
        assertThat(runs.markPublished("r1", AT)).isTrue();
        assertThat(runs.markPublished("r1", AT)).as("published once").isFalse();
        assertThat(state("r1")).isEqualTo(RunState.PUBLISHED);
    }

    @Test
    void aMoveFromAnotherStateChangesNothing() {
        runs.start("r1", "job", "load", AT);
        assertThat(runs.markPublished("r1", AT)).as("a running run is not published").isFalse();
        assertThat(state("r1")).isEqualTo(RunState.RUNNING);

        assertThat(commit("r1")).isTrue();
        assertThat(runs.end("r1", RunState.ABORTED, AT, "late")).as("a commit is never undone").isFalse();
        assertThat(runs.end("r1", RunState.FAILED, AT, "late")).isFalse();
        assertThat(state("r1")).isEqualTo(RunState.COMMITTED);

        runs.start("r2", "job", "load", AT);
        assertThat(runs.end("r2", RunState.FAILED, AT, "broken")).isTrue();
        assertThat(commit("r2")).as("a failed run never commits").isFalse();
        assertThat(runs.end("r2", RunState.ABORTED, AT, "again")).isFalse();
        assertThat(runs.find("r2").orElseThrow().error()).isEqualTo("broken");
        assertThat(state("r2")).isEqualTo(RunState.FAILED);
    }

    @Test
    void movesTheStateMachineHasNotAreRefusedBeforeTheCatalogIsAsked() {
        runs.start("r1", "job", "load", AT);
        for (RunState to : new RunState[] {RunState.RUNNING, RunState.COMMITTED, RunState.PUBLISHED}) {
            assertThatThrownBy(() -> runs.end("r1", to, AT, "no")).as(to.value()).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(state("r1")).isEqualTo(RunState.RUNNING);
    }

    @Test
    void aRunIsCommittedOnlyInsideTheCommitTransaction() {
        runs.start("r1", "job", "load", AT);
        assertThatThrownBy(() -> runs.markCommitted("r1", AT, 1, COUNTS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("part of a commit");
        assertThat(state("r1")).isEqualTo(RunState.RUNNING);
    }

    @Test
    void statesOfManyRunsInOneRead() {
        runs.start("r1", "job", "load", AT);
        runs.start("r2", "job", "backfill", AT);
        commit("r2");
        assertThat(runs.statesOf(java.util.List.of("r1", "r2", "r3")))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("r1", RunState.RUNNING, "r2", RunState.COMMITTED));
        assertThat(runs.statesOf(java.util.List.of())).isEmpty();
    }

    private boolean commit(String runId) {
        return catalog.inTransaction(tx -> tx.runs().markCommitted(runId, AT, 1, COUNTS));
    }

    private RunState state(String runId) {
        return runs.find(runId).orElseThrow().status();
    }
}
