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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.activityloader.config.RegistryUrl;
import org.apache.avro.Schema;

/**
 * Writer schemas from a schema registry over HTTP: {@code GET /schemas/ids/{id}} of the Confluent
 * REST API (served by Confluent's registry, Apicurio's {@code /apis/ccompat/v7} and Karapace). Each
 * id is asked once per run; ids are immutable in a registry, so the answer is kept. A registry that
 * fails to answer after a few attempts is {@link RegistryUnavailableException}, never an unknown id.
 */
public final class RegistryClient implements WriterSchemas {
    private static final int ATTEMPTS = 3;
    /** A registry that knows none of this many ids is the wrong registry, not a registry of producers gone astray. */
    private static final int UNKNOWN_BEFORE_ANY_FOUND = 10;
    /** Ids asked for and not found, at most, a run: past it, records of new ids are unknown without a round trip each. */
    private static final int MAX_UNKNOWN_ASKED = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryUrl url;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<Integer, WriterSchema> known = new ConcurrentHashMap<>();
    private final AtomicInteger found = new AtomicInteger();
    private final AtomicInteger unknown = new AtomicInteger();

    public RegistryClient(RegistryUrl url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
        // No redirects: the Authorization header must not follow one to another host.
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public WriterSchema byId(int id) {
        WriterSchema schema = known.get(id);
        if (schema != null) {
            return schema;
        }
        if (unknown.get() >= MAX_UNKNOWN_ASKED) {
            return new WriterSchema.Unknown();
        }
        schema = fetch(id);
        if (schema instanceof WriterSchema.Unknown) {
            if (unknown.incrementAndGet() >= UNKNOWN_BEFORE_ANY_FOUND && found.get() == 0) {
                throw new RegistryUnavailableException("schema registry " + url + " knows none of the " + unknown.get()
                        + " schema ids it was asked for: is registry_url the registry the producers register in? The run"
                        + " stops without committing rather than dead-letter a whole topic", null);
            }
        } else {
            found.incrementAndGet();
        }
        known.put(id, schema);
        return schema;
    }

    private WriterSchema fetch(int id) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve("schemas/ids/" + Integer.toUnsignedString(id)))
                .timeout(timeout).header("Accept", "application/vnd.schemaregistry.v1+json, application/json").GET();
        url.basicAuthorization().ifPresent(auth -> request.header("Authorization", auth));
        Exception last = new IOException("no attempt");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                // The whole exchange within the timeout: a request's own timeout ends when the headers arrive.
                HttpResponse<String> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                int status = response.statusCode();
                if (status < 500 && status != 408 && status != 429) {
                    return answer(id, status, response.body());
                }
                last = new IOException("HTTP " + status);
            } catch (ExecutionException e) {
                last = e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                last = new IOException("no whole answer within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(id, "interrupted", e);
            }
            pause(attempt);
        }
        throw unavailable(id, "no answer after " + ATTEMPTS + " attempts (" + (last.getMessage() != null ? last.getMessage()
                : last.getClass().getSimpleName()) + ")", last);
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
        } catch (RuntimeException | StackOverflowError e) { // SchemaParseException, and Avro's other refusals (a field twice)
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
