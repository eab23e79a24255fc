package org.activityloader.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.activityloader.config.RegistryUrl;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Writer schemas from a schema registry over HTTP: {@code GET /schemas/ids/{id}} of the Confluent
 * REST API (served by Confluent's registry, Apicurio's {@code /apis/ccompat/v7} and Karapace). Each
 * id is asked once per run; ids are immutable in a registry, so the answer is kept. A registry that
 * fails to answer after a few attempts is {@link RegistryUnavailableException}, never an unknown id.
 */
public final class RegistryClient implements WriterSchemas {
    private static final int ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryUrl url;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<Integer, WriterSchema> known = new ConcurrentHashMap<>();

    public RegistryClient(RegistryUrl url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public WriterSchema byId(int id) {
        WriterSchema found = known.get(id);
        if (found == null) {
            found = fetch(id);
            known.put(id, found);
        }
        return found;
    }

    private WriterSchema fetch(int id) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("schemas/ids/" + Integer.toUnsignedString(id)))
                .timeout(timeout).header("Accept", "application/vnd.schemaregistry.v1+json, application/json").GET();
        url.basicAuthorization().ifPresent(auth -> request.header("Authorization", auth));
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    return answer(id, response.statusCode(), response.body());
                }
                last = new IOException("HTTP " + response.statusCode());
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(id, "interrupted", e);
            }
            pause(attempt);
        }
        throw unavailable(id, "no answer after " + ATTEMPTS + " attempts (" + last + ")", last);
    }

    private WriterSchema answer(int id, int status, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw unavailable(id, "HTTP " + status + " with a body that is not JSON", e);
        }
        if (status == 404 && json.path("error_code").asInt() == 40403) {
            return new WriterSchema.Unknown();
        }
        if (status != 200 || !json.path("schema").isTextual()) {
            throw unavailable(id, "HTTP " + status + " " + oneLine(body) + (status == 401 || status == 403
                    ? "; give the registry's user and password in registry_url (https://user:password@host)"
                    : "; is registry_url the registry's base URL (e.g. http://registry:8081, or .../apis/ccompat/v7 for Apicurio)?"), null);
        }
        String type = json.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            return new WriterSchema.Unusable("a " + type + " schema, not Avro");
        }
        if (json.path("references").size() > 0) {
            return new WriterSchema.Unusable("an Avro schema with references to other subjects, which the loader does not resolve");
        }
        try {
            return new WriterSchema.Avro(new Schema.Parser().setValidateDefaults(false).parse(json.get("schema").asText()));
        } catch (SchemaParseException e) {
            return new WriterSchema.Unusable("the registered schema does not parse: " + e.getMessage());
        }
    }

    private RegistryUnavailableException unavailable(int id, String what, Throwable cause) {
        return new RegistryUnavailableException("schema registry " + url + " did not answer for schema id " + id + ": " + what
                + ". The run stops without committing: records are not dead-lettered while the registry is down;"
                + " run again when it answers", cause);
    }

    private static String oneLine(String body) {
        String s = body.replaceAll("\\s+", " ").strip();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static void pause(int attempt) {
        if (attempt < ATTEMPTS) {
            try {
                Thread.sleep(250L << (2 * (attempt - 1))); // 0.25 s, 1 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
