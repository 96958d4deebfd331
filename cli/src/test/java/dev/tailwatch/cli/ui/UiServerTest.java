package dev.tailwatch.cli.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page's server without Kafka: a board filled by hand. */
class UiServerTest {

    private static final String ODD_RUN = "run/with spaces+plus";

    private final RunBoard board = new RunBoard();
    private final HttpClient http = HttpClient.newHttpClient();
    private UiServer server;
    private String requestedCsv;

    @BeforeEach
    void start() throws Exception {
        board.alpha(ODD_RUN, AlphaEstimate.newBuilder().setRunId(ODD_RUN).setIteration(7).setLayer("all").setScope(AlphaScope.ROLLING)
                .setEstimator("mohammadi").setAlpha(1.5).setStderr(0.01).setK1(10).setK2(10).setUsed(100).setDropped(0)
                .setWindowIterations(1).setLayersMerged(1).setTimestampMs(1).build(), 1);
        board.publish();
        CsvSource csv = new CsvSource() {
            @Override
            public boolean knows(String fileName) {
                return fileName.equals("alpha.csv");
            }

            @Override
            public void write(String runId, String fileName, OutputStream out) throws java.io.IOException {
                requestedCsv = runId + " " + fileName;
                out.write("iteration,layer\n7,all\n".getBytes(StandardCharsets.UTF_8));
            }
        };
        server = UiServer.start(InetAddress.getLoopbackAddress(), 0, board, csv, () -> null);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageAndItsChartLibraryComeFromTheJarWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/assets/echarts.min.js\">"), "no CDN: the library is ours to serve");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").startsWith("default-src 'self'"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> echarts = get("assets/echarts.min.js");
        assertEquals(200, echarts.statusCode());
        assertTrue(echarts.body().length() > 500_000, "the webjar's echarts.min.js");
        assertEquals(200, get("assets/app.js").statusCode());
    }

    @Test
    void aRunWithAnOddIdIsFoundAndItsCsvNamed() throws Exception {
        String id = URLEncoder.encode(ODD_RUN, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> detail = get("api/runs/" + id);
        assertEquals(200, detail.statusCode(), detail.body());
        assertTrue(detail.body().contains("\"id\":\"" + ODD_RUN + "\""), detail.body());
        HttpResponse<String> csv = get("runs/" + id + "/alpha.csv");
        assertEquals(200, csv.statusCode());
        assertEquals(ODD_RUN + " alpha.csv", requestedCsv);
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains("run_with_spaces_plus-alpha.csv"));
        assertEquals(404, get("runs/" + id + "/secrets.csv").statusCode());
        assertEquals(404, get("runs/nobody/alpha.csv").statusCode());
        assertEquals(404, get("api/runs/nobody").statusCode());
        assertEquals(404, get("etc/passwd").statusCode());
    }

    @Test
    void onlyReading() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void theStreamSendsTheRunListAtOnce() throws Exception {
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(server.url() + "api/stream")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElse(""));
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null && !line.startsWith("data: ")) {
                // retry and event lines
            }
            assertTrue(line != null && line.contains("\"id\":\"" + ODD_RUN + "\""), String.valueOf(line));
        }
    }
}
