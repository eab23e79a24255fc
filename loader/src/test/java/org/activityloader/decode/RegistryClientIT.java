package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.activityloader.config.RegistryUrl;
import org.activityloader.embedded.SchemaRegistryServer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The registry client over real HTTP: ids found and not found, a registry that fails, a wrong URL, no server at all. */
class RegistryClientIT {
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Ping", "fields": [{"name": "at", "type": "long"}]}""");

    @Test
    void aRegisteredIdIsItsSchemaAndAnUnknownIdIsUnknown() {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            int id = registry.register(SCHEMA.toString());
            RegistryClient client = new RegistryClient(RegistryUrl.parse(registry.url() + "/"), Duration.ofSeconds(5));
            assertThat(client.byId(id)).isEqualTo(new WriterSchemas.WriterSchema.Avro(SCHEMA));
            assertThat(client.byId(id)).isEqualTo(new WriterSchemas.WriterSchema.Avro(SCHEMA));
            assertThat(client.byId(777)).isEqualTo(new WriterSchemas.WriterSchema.Unknown());
            assertThat(registry.lookups()).as("each id asked once").isEqualTo(2);
        }
    }

    @Test
    void aRegistryThatFailsOrIsNotThereIsUnavailableNeverUnknown() throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            registry.failWith(500);
            assertThatThrownBy(() -> new RegistryClient(RegistryUrl.parse(registry.url()), Duration.ofSeconds(5)).byId(1))
                    .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 500");
            assertThat(registry.lookups()).as("a failing registry is asked again before the run gives up").isEqualTo(3);
            registry.failWith(401);
            assertThatThrownBy(() -> new RegistryClient(RegistryUrl.parse("http://reader:secret@127.0.0.1:" + registry.url().replaceAll(".*:", "")),
                    Duration.ofSeconds(5)).byId(1)).isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("user and password").hasMessageNotContaining("secret");
            registry.failWith(0);
            assertThatThrownBy(() -> new RegistryClient(RegistryUrl.parse(registry.url() + "/not/the/api"), Duration.ofSeconds(5)).byId(1))
                    .as("a 404 that is not the registry's 'schema not found' is a wrong URL, not an unknown id")
                    .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("base URL");
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> new RegistryClient(RegistryUrl.parse("http://127.0.0.1:" + closedPort), Duration.ofSeconds(2)).byId(1))
                .isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("did not answer for schema id 1");
    }

    @Test
    void aSchemaThatDoesNotParseIsUnusableAndARegistryThatKnowsNoIdIsTheWrongOne() {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            int twice = registry.register("""
                    {"type": "record", "name": "Twice", "fields": [{"name": "a", "type": "long"}, {"name": "a", "type": "long"}]}""");
            RegistryClient client = new RegistryClient(RegistryUrl.parse(registry.url()), Duration.ofSeconds(5));
            assertThat(client.byId(twice)).isInstanceOfSatisfying(WriterSchemas.WriterSchema.Unusable.class,
                    u -> assertThat(u.why()).startsWith("the registered schema does not parse"));

            RegistryClient wrong = new RegistryClient(RegistryUrl.parse(registry.url()), Duration.ofSeconds(5));
            for (int id = 100; id < 109; id++) {
                assertThat(wrong.byId(id)).isEqualTo(new WriterSchemas.WriterSchema.Unknown());
            }
            assertThatThrownBy(() -> wrong.byId(109)).isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("knows none of the 10 schema ids");
        }
    }
}
