package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A step after publishing never fails the run: whatever it throws, even an Error a full heap or a missing class raises, is a warning. */
class AfterPublishGuardTest {
    @Test
    void whatAStepAfterPublishingThrowsBecomesAWarning() {
        assertThat(RunTemplate.guarded("copying", () -> List.of("its own warning"))).containsExactly("its own warning");
        assertThat(RunTemplate.guarded("copying", () -> {
            throw new IllegalStateException("catalog away");
        })).singleElement().asString().startsWith("copying failed after the run was published (IllegalStateException: catalog away)");
        assertThat(RunTemplate.guarded("sending", () -> {
            throw new OutOfMemoryError("Java heap space");
        })).singleElement().asString().contains("OutOfMemoryError").contains("not affected");
        assertThat(RunTemplate.guarded("sending", () -> {
            throw new NoClassDefFoundError("org/apache/kafka/Foo");
        })).singleElement().asString().contains("NoClassDefFoundError");
    }
}
