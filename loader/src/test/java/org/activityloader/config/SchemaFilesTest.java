package org.activityloader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a schema file can be unusable gives one line naming the file and what is wrong. */
class SchemaFilesTest {
    @TempDir
    Path dir;

    private String problem(String type) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> SchemaFiles.read(dir, type));
        assertThat(e).as("a ConfigException for " + type).isNotNull();
        assertThat(e.getMessage()).as("one line").doesNotContain("\n").doesNotContain("\r")
                .startsWith(dir.resolve(type + ".avsc").toString());
        return e.getMessage();
    }

    @Test
    void invalidJsonSaysWhere() throws IOException {
        Files.writeString(dir.resolve("broken.avsc"), "{\n  \"type\": \"record\",\n  \"name\": \"X\"\n  \"fields\": []\n}\n");
        assertThat(problem("broken")).contains("not valid JSON at line 4, column 3").doesNotContain("Source:");
    }

    @Test
    void truncatedJsonSaysWhere() throws IOException {
        Files.writeString(dir.resolve("short.avsc"), "{\"type\": \"record\", \"name\": ");
        assertThat(problem("short")).contains("not valid JSON at line 1");
    }

    @Test
    void aSchemaAvroRefusesSaysWhy() throws IOException {
        Files.writeString(dir.resolve("typo.avsc"), "{\"type\": \"record\", \"name\": \"T\", \"fields\": [{\"name\": \"a\", \"type\": \"strin\"}]}");
        assertThat(problem("typo")).contains("not a valid Avro schema").contains("strin");
    }

    @Test
    void aSchemaThatIsNotARecordSaysSo() throws IOException {
        Files.writeString(dir.resolve("plain.avsc"), "\"string\"");
        assertThat(problem("plain")).contains("is a string, not a record");
        Files.writeString(dir.resolve("empty.avsc"), "{\"type\": \"record\", \"name\": \"E\", \"fields\": []}");
        assertThat(problem("empty")).contains("has no fields");
    }

    @Test
    void anUnreadableFileSaysWhy() throws IOException {
        Files.createDirectory(dir.resolve("folder.avsc"));
        assertThat(problem("folder")).contains("cannot be read");
        Files.write(dir.resolve("latin1.avsc"), new byte[] {'"', (byte) 0xE9, '"'});
        assertThat(problem("latin1")).contains("not UTF-8");
        assertThat(problem("missing")).contains("no such file");
    }

    @Test
    void theShippedSchemasAreRecords() {
        for (String type : new String[] {"page_view", "search", "click", "signup"}) {
            assertThat(SchemaFiles.read(Path.of("../schemas"), type).getFields()).isNotEmpty();
        }
    }
}
