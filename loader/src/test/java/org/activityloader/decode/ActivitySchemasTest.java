package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivitySchemasTest {
    private static final Path DIR = Path.of("../schemas");

    @Test
    void loadsEachTypeWithItsFingerprint() {
        ActivitySchemas schemas = ActivitySchemas.load(DIR, List.of("signup", "page_view", "search", "click"));

        assertThat(schemas.all()).extracting(ActivitySchemas.ActivitySchema::activityType)
                .containsExactly("click", "page_view", "search", "signup");
        ActivitySchemas.ActivitySchema search = schemas.get("search");
        assertThat(search.schema().getFullName()).isEqualTo("org.activityloader.events.Search");
        assertThat(search.fingerprint())
                .matches("[0-9a-f]{16}")
                .isEqualTo(String.format("%016x", SchemaNormalization.parsingFingerprint64(search.schema())))
                .isNotEqualTo(schemas.get("click").fingerprint());
    }

    @Test
    void unknownTypeIsRefused() {
        ActivitySchemas schemas = ActivitySchemas.load(DIR, List.of("search"));
        assertThatThrownBy(() -> schemas.get("click"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("click");
    }

    @Test
    void missingOrBrokenSchemaFileNamesTheFile(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ActivitySchemas.load(dir, List.of("purchase")))
                .isInstanceOf(org.activityloader.config.ConfigException.class).hasMessageContaining("purchase.avsc");
        Files.writeString(dir.resolve("broken.avsc"), "{\"type\": \"record\", \"name\": ");
        assertThatThrownBy(() -> ActivitySchemas.load(dir, List.of("broken")))
                .isInstanceOf(org.activityloader.config.ConfigException.class).hasMessageContaining("broken.avsc");
    }
}
