package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {
    private static final String BASE = """
            {"type": "record", "name": "Click", "fields": [
              {"name": "event_id", "type": "string"},
              {"name": "position", "type": ["null", "int"], "default": null},
              {"name": "score", "type": "float"},
              {"name": "target", "type": "string"},
              {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["LINK", "BUTTON"]}}
            ]}""";

    private static Schema schema(String json) {
        return new Schema.Parser().parse(json);
    }

    private static List<SchemaEvolution.Refusal> change(String from, String to) {
        return SchemaEvolution.check(schema(BASE), schema(BASE.replace(from, to)));
    }

    @Test
    void changesReadersReadTogetherAreAllowed() {
        assertThat(change("{\"name\": \"event_id\", \"type\": \"string\"},", "{\"name\": \"event_id\", \"type\": \"string\"},"
                + " {\"name\": \"campaign\", \"type\": [\"null\", \"string\"], \"default\": null},")).as("an optional field").isEmpty();
        assertThat(change("{\"name\": \"event_id\", \"type\": \"string\"},", "{\"name\": \"event_id\", \"type\": \"string\"},"
                + " {\"name\": \"source\", \"type\": \"string\", \"default\": \"web\"},")).as("a field with a default").isEmpty();
        assertThat(change("{\"name\": \"target\", \"type\": \"string\"},", "")).as("a field removed").isEmpty();
        assertThat(change("[\"null\", \"int\"]", "[\"null\", \"long\"]")).as("int to long").isEmpty();
        assertThat(change("\"type\": \"float\"", "\"type\": \"double\"")).as("float to double").isEmpty();
        assertThat(change("[\"LINK\", \"BUTTON\"]", "[\"LINK\", \"BUTTON\", \"IMAGE\"]")).as("an enum symbol").isEmpty();
        assertThat(change("{\"name\": \"target\", \"type\": \"string\"}", "{\"name\": \"label\", \"type\": \"string\", \"aliases\":"
                + " [\"target\"]}")).as("a rename with an alias").isEmpty();
        assertThat(change("{\"name\": \"position\", \"type\": [\"null\", \"int\"], \"default\": null}",
                "{\"name\": \"position\", \"type\": \"int\", \"default\": 0}")).as("made required, with a default").isEmpty();
    }

    @Test
    void aRenameWithoutAnAliasIsRefusedWithTheWayForward() {
        assertThat(change("{\"name\": \"target\", \"type\": \"string\"}", "{\"name\": \"label\", \"type\": \"string\"}"))
                .singleElement().satisfies(r -> {
                    assertThat(r.field()).isEqualTo("label");
                    assertThat(r.oldType()).isEqualTo("string named 'target'");
                    assertThat(r.reason()).contains("a rename without an alias").contains("\"aliases\": [\"target\"]");
                });
    }

    @Test
    void incompatibleTypesRequiredFieldsAndLostSymbolsAreRefused() {
        assertThat(change("\"type\": \"float\"", "\"type\": \"string\"")).singleElement()
                .satisfies(r -> assertThat(r.toString()).isEqualTo("field 'score': float in files already written, string now"
                        + " (an incompatible type change)"));
        assertThat(change("[\"null\", \"int\"]", "[\"null\", \"double\"]")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("Avro would promote it").contains("only int to long"));
        assertThat(change("{\"name\": \"position\", \"type\": [\"null\", \"int\"], \"default\": null}",
                "{\"name\": \"position\", \"type\": \"int\"}")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("made required without a default"));
        assertThat(change("{\"name\": \"event_id\", \"type\": \"string\"},", "{\"name\": \"event_id\", \"type\": \"string\"},"
                + " {\"name\": \"source\", \"type\": \"string\"},")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("a new required field without a default"));
        assertThat(change("[\"LINK\", \"BUTTON\"]", "[\"LINK\"]")).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("[BUTTON] removed"));
    }
}
