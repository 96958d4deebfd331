package dev.tailwatch.streams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.ProbeMode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class TailwatchMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TailwatchMetrics metrics = new TailwatchMetrics(registry);

    @Test
    void exposesTheContractedSeriesNames() {
        metrics.alpha("r1", "fc1", "rolling", "mohammadi", 1.25, 0.01);
        metrics.iteration("r1", 120);
        metrics.trainingLoss("r1", 0.5);
        metrics.trainingAccuracy("r1", "test", 0.9);
        metrics.event("r1", "alpha_drop", "all");
        metrics.layerAlphaI("r1", "fc1", 1.1, 1.3, 1.6);
        metrics.sasWinsRatio("r1", "fc1", 0.8);
        metrics.noiseValues("r1", 5000);
        metrics.deadLetter("wrong_shape");
        metrics.lastRecord("r1", 1.7e9);
        metrics.probe("r1", ProbeMode.WINDOW);
        metrics.probe("r1", ProbeMode.WINDOW);
        metrics.probe("r2", ProbeMode.ONLINE);
        String text = registry.scrape();
        String[] expected = {
            "tailwatch_alpha{estimator=\"mohammadi\",layer=\"fc1\",run=\"r1\",scope=\"rolling\"} 1.25",
            "tailwatch_alpha_stderr{estimator=\"mohammadi\",layer=\"fc1\",run=\"r1\",scope=\"rolling\"} 0.01",
            "tailwatch_iteration{run=\"r1\"} 120",
            "tailwatch_training_loss{run=\"r1\"} 0.5",
            "tailwatch_training_accuracy{run=\"r1\",split=\"test\"} 0.9",
            "tailwatch_events_total{layer=\"all\",run=\"r1\",type=\"alpha_drop\"} 1",
            "tailwatch_layer_alpha_i{layer=\"fc1\",q=\"0.5\",run=\"r1\"} 1.3",
            "tailwatch_layer_sas_wins_ratio{layer=\"fc1\",run=\"r1\"} 0.8",
            "tailwatch_noise_values_total{run=\"r1\"} 5000",
            "tailwatch_dead_letters_total{reason=\"wrong_shape\"} 1",
            "tailwatch_last_record_timestamp_seconds{run=\"r1\"} 1.7E9",
            "tailwatch_run_probe_info{probe=\"window\",run=\"r1\"} 1",
            "tailwatch_run_probe_info{probe=\"ema\",run=\"r2\"} 1",
        };
        for (String line : expected) {
            assertTrue(text.contains(line), "missing: " + line + "\n" + text);
        }
        assertEquals(2, text.lines().filter(l -> l.startsWith("tailwatch_run_probe_info{")).count(), text);
    }

    @Test
    void updatesInPlaceAndRemovesAnEvictedRunsSeries() {
        metrics.alpha("r1", "all", "iteration", "mohammadi", 1.5, 0.02);
        metrics.alpha("r1", "all", "iteration", "mohammadi", 1.4, 0.02);
        metrics.alpha("r2", "all", "iteration", "mohammadi", 1.9, 0.02);
        metrics.deadLetter("undecodable");
        String before = registry.scrape();
        assertTrue(before.contains("run=\"r1\",scope=\"iteration\"} 1.4"), before);
        assertEquals(1, before.lines().filter(l -> l.startsWith("tailwatch_alpha{") && l.contains("r1")).count());
        metrics.removeRun("r1");
        String after = registry.scrape();
        assertFalse(after.contains("run=\"r1\""), after);
        assertTrue(after.contains("run=\"r2\""), after);
        assertTrue(after.contains("tailwatch_dead_letters_total"), after);
        // A run that comes back after eviction gets fresh series.
        metrics.alpha("r1", "all", "iteration", "mohammadi", 1.1, 0.02);
        assertTrue(registry.scrape().contains("run=\"r1\",scope=\"iteration\"} 1.1"));
    }

    @Test
    void servesTheExpositionOverHttpOnLoopback() throws Exception {
        metrics.iteration("r9", 42);
        try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(response.body().contains("tailwatch_iteration{run=\"r9\"} 42"), response.body());
            assertTrue(server.url().startsWith("http://127.0.0.1:"));
        }
    }
}
