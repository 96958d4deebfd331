package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The compose stack's Prometheus image with the project's config and rules mounted as compose mounts
 * them: it starts and loads all six alert rules. Runs where Docker is; skipped without it (as here,
 * where PrometheusLiveIT covers the same files with Debian's binary).
 */
@Testcontainers(disabledWithoutDocker = true)
class PrometheusContainerIT {

    @Container
    private static final GenericContainer<?> PROMETHEUS = new GenericContainer<>(DockerImageName.parse("prom/prometheus:v2.55.1"))
            .withFileSystemBind(ProjectFiles.PROMETHEUS.toString(), "/etc/prometheus", BindMode.READ_ONLY)
            .withCommand("--config.file=/etc/prometheus/prometheus.yml")
            .withExposedPorts(9090)
            .waitingFor(Wait.forHttp("/-/ready").forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(2));

    @Test
    void prometheusImageLoadsTheProjectsRules() throws Exception {
        String url = "http://" + PROMETHEUS.getHost() + ":" + PROMETHEUS.getMappedPort(9090) + "/api/v1/rules";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode groups = new ObjectMapper().readTree(response.body()).path("data").path("groups");
        int rules = 0;
        for (JsonNode group : groups) {
            rules += group.path("rules").size();
        }
        assertEquals(6, rules, response.body());
    }
}
