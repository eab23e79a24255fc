package org.activityloader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretSourcesTest {
    private static final String PASSWORD = "s3cr3t-pa55";

    private static YamlSection kafka(Map<String, String> properties) {
        ObjectNode kafka = JsonNodeFactory.instance.objectNode();
        properties.forEach(kafka.putObject("properties")::put);
        return new YamlSection("job.yaml", "kafka", kafka);
    }

    private static JobValues catalog(Map<String, String> keys) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        keys.forEach(root.putObject("catalog")::put);
        return new JobValues(new YamlSection("job.yaml", "", root));
    }

    @Test
    void propertiesReferringToTheEnvironmentOrAFileAreReadFromThereOthersKeptAsTheyAre(@TempDir Path dir) throws Exception {
        Path jaas = Files.writeString(dir.resolve("jaas"), "password=" + PASSWORD + "\n");
        SecretSources secrets = new SecretSources(Map.of("SASL_PW", PASSWORD));
        assertThat(secrets.clientProperties(kafka(Map.of("sasl.password", " ${env:SASL_PW} ", "sasl.jaas.config", "${file:" + jaas + "}",
                "security.protocol", "SASL_SSL")))).containsExactlyInAnyOrderEntriesOf(Map.of("sasl.password", PASSWORD,
                "sasl.jaas.config", "password=" + PASSWORD, "security.protocol", "SASL_SSL"));
    }

    @Test
    void anUnsetVariableNamesTheKeyAndTheVariable() {
        assertThatThrownBy(() -> new SecretSources(Map.of()).clientProperties(kafka(Map.of("sasl.password", "${env:SASL_PW}"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("kafka.properties.sasl.password"))
                .hasMessageContaining("environment variable SASL_PW is not set; export it");
    }

    @Test
    void thePasswordComesFromItsVariableOrIsNone() {
        assertThat(new SecretSources(Map.of("CATALOG_PW", PASSWORD)).password(catalog(Map.of("password_env", "CATALOG_PW"))).value())
                .isEqualTo(PASSWORD);
        assertThat(new SecretSources(Map.of()).password(catalog(Map.of()))).isEqualTo(Secret.NONE);
    }

    @Test
    void bothSourcesOfThePasswordAreRefused() {
        assertThatThrownBy(() -> new SecretSources(Map.of()).password(catalog(Map.of("password_env", "A", "password_file", "/x"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("catalog.password_env"))
                .hasMessageContaining("not both");
    }

    @Test
    void aPasswordWrittenWhereItsVariableBelongsIsNotEchoed() {
        assertThatThrownBy(() -> new SecretSources(Map.of()).password(catalog(Map.of("password_env", PASSWORD))))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining(PASSWORD)
                .hasMessageContaining("put the variable's name here");
    }
}
