package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run state machine: exactly the moves of the commit protocol, nothing back, nothing out of an end. */
class RunStateTest {
    @Test
    void theAllowedMovesAreExactlyTheProtocols() {
        List<String> allowed = new ArrayList<>();
        for (RunState from : RunState.values()) {
            for (RunState to : RunState.values()) {
                if (from.canMoveTo(to)) {
                    allowed.add(from + " -> " + to);
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrder(
                "running -> committed", "running -> aborted", "running -> failed", "committed -> published");
    }

    @Test
    void endsAreFinalAndNoStateMovesToItself() {
        assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::isFinal))
                .containsExactlyInAnyOrder(RunState.PUBLISHED, RunState.ABORTED, RunState.FAILED);
        for (RunState s : RunState.values()) {
            assertThat(s.canMoveTo(s)).as(s.value()).isFalse();
            assertThat(s.canMoveTo(RunState.RUNNING)).as("nothing goes back to running from " + s).isFalse();
        }
        assertThat(RunState.COMMITTED.canMoveTo(RunState.ABORTED)).as("a commit is never undone").isFalse();
    }

    @Test
    void storedAsLowerCaseNames() {
        for (RunState s : RunState.values()) {
            assertThat(RunState.of(s.value())).isEqualTo(s);
            assertThat(s.value()).isEqualTo(s.name().toLowerCase(java.util.Locale.ROOT));
        }
        assertThat(RunState.of("published")).isEqualTo(RunState.PUBLISHED);
    }
}
