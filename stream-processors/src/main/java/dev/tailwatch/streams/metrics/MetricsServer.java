package dev.tailwatch.streams.metrics;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves the Prometheus exposition of a registry at {@code /metrics}. Binds to loopback unless told
 * otherwise: metrics name runs and layers, which is not for every network to read.
 */
public final class MetricsServer implements AutoCloseable {

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param bindAddress e.g. "127.0.0.1" or "0.0.0.0"
     * @param port        0 for any free port
     */
    public static MetricsServer start(PrometheusMeterRegistry registry, String bindAddress, int port) throws IOException {
        return start(registry, bindAddress, port, null);
    }

    /**
     * Starts serving, over TLS and behind basic auth where the web config says so.
     *
     * @param web null for plain, open HTTP
     */
    public static MetricsServer start(PrometheusMeterRegistry registry, String bindAddress, int port, MetricsWebConfig web)
            throws IOException {
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        HttpServer server;
        if (web != null && web.tls() != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(web.tls()));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        HttpContext metrics = server.createContext("/metrics", exchange -> respond(exchange, 200, TEXT_FORMAT, registry.scrape()));
        if (web != null && web.requiresAuth()) {
            metrics.setAuthenticator(new BasicAuthenticator("tailwatch metrics") {
                @Override
                public boolean checkCredentials(String user, String password) {
                    return web.check(user, password);
                }
            });
        }
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8",
                "tailwatch: metrics are at /metrics\n"));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "tailwatch-metrics-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new MetricsServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL to scrape, for printing. */
    public String url() {
        return (server instanceof HttpsServer ? "https://" : "http://") + server.getAddress().getHostString() + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
