package dev.tailwatch.cli.ui;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The live page's web server (the JDK's own HTTP server: no container to pin or patch):
 * {@code /} and {@code /assets/*} the page, {@code /api/runs} the run list, {@code /api/runs/ID} one run's
 * downsampled series, {@code /api/stream} server-sent events (the run list, pushed when a batch of records
 * changed it), {@code /runs/ID/FILE.csv} the run's CSV files in full.
 */
public final class UiServer implements AutoCloseable {

    /** Page streams at once; the rest of the pool stays free for ordinary requests. */
    private static final int MAX_STREAMS = 24;
    private static final int THREADS = MAX_STREAMS + 8;
    /** Pushes are at least this far apart: a busy run changes the board every poll, the page needs no more. */
    private static final long PUSH_SPACING_MS = 250;
    private static final long HEARTBEAT_MS = 15_000;
    private static final JsonFactory JSON = new JsonFactory();

    static {
        // Without TCP_NODELAY the JDK server's small answers (the run list) wait ~40 ms for a delayed ACK.
        // Read once, when the JVM's first HttpServer starts; `tailwatch demo` starts /metrics first, so main sets it too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final RunBoard board;
    private final CsvSource csv;
    private final Supplier<String> feedProblem;
    private final StaticAssets assets = new StaticAssets();
    private final AtomicInteger streams = new AtomicInteger();
    private volatile boolean stopping;

    private UiServer(HttpServer server, RunBoard board, CsvSource csv, Supplier<String> feedProblem) {
        this.server = server;
        this.board = board;
        this.csv = csv;
        this.feedProblem = feedProblem;
        this.pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "tailwatch-ui-http");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds and starts serving.
     *
     * @param port        0 for any free port
     * @param feedProblem why reading the topics fails now, or null (shown on the page)
     * @throws java.net.BindException when the port is taken or the address is not this machine's
     */
    public static UiServer start(InetAddress bind, int port, RunBoard board, CsvSource csv, Supplier<String> feedProblem)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 64);
        UiServer ui = new UiServer(http, board, csv, feedProblem);
        http.createContext("/", ui::handle);
        http.setExecutor(ui.pool);
        http.start();
        return ui;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, for printing: a wildcard bind is shown as 127.0.0.1. */
    public String url() {
        InetAddress a = server.getAddress().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(exchange, 405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            StaticAssets.Asset asset = assets.get(path);
            if (asset != null) {
                send(exchange, 200, asset.contentType(), asset.body());
            } else if (path.equals("/api/runs")) {
                sendJson(exchange, g -> {
                    g.writeStartObject();
                    g.writeFieldName("board");
                    board.writeList(g);
                    String problem = feedProblem.get();
                    if (problem != null) {
                        g.writeStringField("problem", problem);
                    }
                    g.writeEndObject();
                });
            } else if (path.equals("/api/stream")) {
                stream(exchange);
            } else if (path.startsWith("/api/runs/")) {
                RunView run = board.get(decode(path.substring("/api/runs/".length())));
                if (run == null) {
                    notFound(exchange);
                } else {
                    sendJson(exchange, run::writeDetail);
                }
            } else if (path.startsWith("/runs/") && path.endsWith(".csv")) {
                downloadCsv(exchange, path);
            } else {
                notFound(exchange);
            }
        } catch (IOException e) {
            // The browser went away mid-answer: nothing to tell it.
        }
    }

    private void downloadCsv(HttpExchange exchange, String path) throws IOException {
        String rest = path.substring("/runs/".length());
        int slash = rest.lastIndexOf('/');
        if (slash < 0) {
            notFound(exchange);
            return;
        }
        String runId = decode(rest.substring(0, slash));
        String file = rest.substring(slash + 1);
        if (!csv.knows(file) || board.get(runId) == null) {
            notFound(exchange);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Disposition",
                "attachment; filename=\"" + runId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + file + "\"");
        securityHeaders(exchange);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            csv.write(runId, file, out);
        }
    }

    /** Server-sent events: the run list now, then whenever it changes (at most every 250 ms), and a heartbeat. */
    private void stream(HttpExchange exchange) throws IOException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            send(exchange, 503, "text/plain; charset=utf-8", "too many open pages\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            securityHeaders(exchange);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
            long seen = -1;
            long lastWrite = System.currentTimeMillis();
            while (!stopping) {
                long version = board.awaitChange(seen, 1000);
                long now = System.currentTimeMillis();
                if (version != seen) {
                    seen = version;
                    ByteArrayOutputStream json = new ByteArrayOutputStream();
                    try (JsonGenerator g = JSON.createGenerator(json, JsonEncoding.UTF8)) {
                        board.writeList(g);
                    }
                    out.write("event: runs\ndata: ".getBytes(StandardCharsets.UTF_8));
                    out.write(json.toByteArray());
                    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                    Thread.sleep(PUSH_SPACING_MS);
                } else if (now - lastWrite >= HEARTBEAT_MS) {
                    out.write(": heartbeat\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    lastWrite = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            streams.decrementAndGet();
        }
    }

    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static void sendJson(HttpExchange exchange, JsonBody body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            body.write(g);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", bytes.toByteArray());
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        securityHeaders(exchange);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    /** Only the page's own files run in it: the run ids and messages it shows cannot become markup or script. */
    private static void securityHeaders(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stopping = true;
        server.stop(0);
        pool.shutdownNow();
    }
}
