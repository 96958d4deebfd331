package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yml is valid compose, checked by docker-compose itself (`config -q` needs no Docker
 * engine), and mounts the dashboards, rules and provisioning that exist in this repository.
 */
class ComposeFileTest {

    private static final Path COMPOSE = ProjectFiles.MODULE.resolve("../docker/compose.yml").normalize();

    @Test
    void composeFileIsValid() throws Exception {
        Path compose = Tools.require("docker-compose", "apt-get install -y docker-compose", "docker-compose");
        Tools.Result r = Tools.run(List.of(compose.toString(), "-f", COMPOSE.toString(), "config", "-q"), 60);
        assertEquals(0, r.exitCode(), "docker-compose config -q:\n" + r.output());
    }

    @Test
    void everyMountedProjectPathExists() throws Exception {
        String text = Files.readString(COMPOSE);
        for (String mounted : List.of("../dashboards/prometheus", "../dashboards/alertmanager", "../dashboards/grafana/provisioning",
                "../dashboards/grafana/dashboards")) {
            if (text.contains(mounted)) {
                assertTrue(Files.isDirectory(COMPOSE.getParent().resolve(mounted)), mounted + " is mounted but missing");
            }
        }
        assertTrue(text.contains("../dashboards/prometheus"), "Prometheus gets the project's config and rules");
    }
}
