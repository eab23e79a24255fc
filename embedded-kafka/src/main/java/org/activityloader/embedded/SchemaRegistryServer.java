package org.activityloader.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schema registry for the demo and the tests, in process: the two endpoints of the Confluent REST
 * API that registry-framed Avro needs, {@code POST /subjects/{subject}/versions} (a producer
 * registers its schema and gets the id) and {@code GET /schemas/ids/{id}} (a consumer reads it),
 * with the registry's error body ({@code error_code 40403}) for an unknown id. Schemas are kept in
 * memory; the same text under any subject gets the same id, as in a real registry. It can be told to
 * fail ({@link #failWith}) to play a registry that is down.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<String> schemas = new ArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile int failStatus;

    private SchemaRegistryServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of the loopback interface. */
    public static SchemaRegistryServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            SchemaRegistryServer registry = new SchemaRegistryServer(http);
            http.createContext("/", registry::handle);
            http.start();
            return registry;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the schema registry: " + e.getMessage(), e);
        }
    }

    /** The base URL, as a job's {@code registry_url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers a schema's text, as a producer's serializer does, and returns its id. */
    public synchronized int register(String schemaText) {
        int at = schemas.indexOf(schemaText);
        if (at < 0) {
            schemas.add(schemaText);
            at = schemas.size() - 1;
        }
        return at + 1;
    }

    /** From now on every request is answered with this HTTP status (0: answer normally again). */
    public void failWith(int status) {
        failStatus = status;
    }

    /** How many schema lookups by id were asked, answered or failed (a client that caches asks each id once). */
    public int lookups() {
        return lookups.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher byId = BY_ID.matcher(path);
            Matcher register = REGISTER.matcher(path);
            boolean lookup = exchange.getRequestMethod().equals("GET") && byId.matches();
            if (lookup) {
                lookups.incrementAndGet();
            }
            if (failStatus != 0) {
                reply(exchange, failStatus, error(failStatus * 100 + 1, "the registry is failing on purpose"));
            } else if (lookup) {
                String schema = schemaOf(Long.parseLong(byId.group(1)));
                reply(exchange, schema == null ? 404 : 200, schema == null ? error(40403, "Schema not found")
                        : JSON.createObjectNode().put("schema", schema));
            } else if (exchange.getRequestMethod().equals("POST") && register.matches()) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                reply(exchange, 200, JSON.createObjectNode().put("id", register(body.path("schema").asText())));
            } else {
                reply(exchange, 404, error(404, "HTTP 404 Not Found"));
            }
        }
    }

    private synchronized String schemaOf(long id) {
        return id >= 1 && id <= schemas.size() ? schemas.get((int) id - 1) : null;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
