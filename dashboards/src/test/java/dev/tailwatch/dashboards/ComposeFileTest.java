package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/compose.yml is valid compose, checked by docker-compose itself (`config -q` needs no Docker
 * engine), mounts the dashboards, rules and provisioning that exist in this repository, publishes its
 * ports on 127.0.0.1 only, and builds its images from a context that holds only the CLI.
 */
class ComposeFileTest {

    private static final Path COMPOSE = ProjectFiles.MODULE.resolve("../docker/compose.yml").normalize();
    private static final Path DOCKERFILE = COMPOSE.getParent().resolve("Dockerfile");

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

    @Test
    void everyPublishedPortBindsTheLoopbackOnly() throws Exception {
        List<String> published = new ArrayList<>();
        boolean inPorts = false;
        for (String line : Files.readAllLines(COMPOSE)) {
            if (line.strip().equals("ports:")) {
                inPorts = true;
            } else if (inPorts && line.strip().startsWith("- ")) {
                published.add(line.strip().substring(2).replace("\"", ""));
            } else if (!line.isBlank() && !line.strip().startsWith("#")) {
                inPorts = false;
            }
        }
        assertEquals(6, published.size(), "kafka, processors, processors-2, prometheus, alertmanager, grafana: " + published);
        for (String port : published) {
            assertTrue(port.matches("127\\.0\\.0\\.1:\\d+:\\d+"), "published beyond this machine: " + port);
        }
    }

    @Test
    void theImageCreatesEveryMountedTailwatchDirectoryForItsUser() throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher mkdir = Pattern.compile("mkdir -p ([^&\\n]+)&& chown -R tailwatch:tailwatch /var/lib/tailwatch").matcher(dockerfile);
        assertTrue(mkdir.find(), "the base stage creates and hands over /var/lib/tailwatch");
        List<String> created = List.of(mkdir.group(1).strip().split("\\s+"));
        Matcher mounts = Pattern.compile("(?m)^\\s*- [\\w-]+:(/var/lib/tailwatch/[\\w/-]+)\\s*$").matcher(Files.readString(COMPOSE));
        int checked = 0;
        while (mounts.find()) {
            assertTrue(created.contains(mounts.group(1)), "a fresh volume at " + mounts.group(1) + " would be root's: " + created);
            checked++;
        }
        assertTrue(checked >= 1, "the trainer's journal volume");
        assertTrue(created.contains("/var/lib/tailwatch/journal") && created.contains("/var/lib/tailwatch/state"), created.toString());
    }

    @Test
    void theBuildContextKeepsOnlyTheCliJarAndItsLibraries() throws Exception {
        // compose builds with context `..`: the ignore file must sit there, where every builder reads it.
        Path ignore = COMPOSE.getParent().resolve("../.dockerignore").normalize();
        List<String> rules = Files.readAllLines(ignore).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(List.of("*", "!cli/target/tailwatch.jar", "!cli/target/lib/"), rules);
        assertTrue(Files.readString(DOCKERFILE).contains("COPY cli/target/lib/ ") && Files.readString(DOCKERFILE).contains("COPY cli/target/tailwatch.jar "),
                "the Dockerfile copies exactly what the context keeps");
    }
}
