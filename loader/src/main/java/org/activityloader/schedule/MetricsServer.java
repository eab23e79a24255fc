package org.activityloader.schedule;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.activityloader.metrics.LoaderMetrics;

/**
 * {@code /metrics} (Prometheus text format) and {@code /health} (200 while the scheduler runs, 503
 * otherwise, with a small JSON body) for {@code loader schedule}, on the JDK's HTTP server.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    public MetricsServer(InetSocketAddress address, LoaderMetrics metrics, Supplier<Boolean> healthy, Supplier<String> health)
            throws IOException {
        server = HttpServer.create(address, 0);
        server.createContext("/metrics", exchange -> answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/health", exchange -> answer(exchange, healthy.get() ? 200 : 503, "application/json", health.get()));
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
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
