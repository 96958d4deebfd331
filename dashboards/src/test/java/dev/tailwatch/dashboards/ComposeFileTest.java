package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.yml is valid compose, checked by docker-compose itself (`config -q` needs no Docker
 * engine), mounts the dashboards, rules and provisioning that exist in this repository, publishes its
 * ports on 127.0.0.1 only, and builds its images from a context that holds only the CLI; and its secured variant
 * (compose.secure.yml over it) is valid too, with each service's role file and the documented ACLs.
 */
class ComposeFileTest {

    private static final Path COMPOSE = ProjectFiles.MODULE.resolve("../docker/compose.yml").normalize();
    private static final Path DOCKERFILE = COMPOSE.getParent().resolve("Dockerfile");
    private static final Path SECURE = COMPOSE.getParent().resolve("compose.secure.yml");
    private static final Path ACL_SCRIPT = COMPOSE.getParent().resolve("secure/kafka-acls.sh");
    private static final Path SECURITY_DOC = COMPOSE.getParent().resolve("../docs/SECURITY.md").normalize();
    private static final String SECURE_DIR = "/home/user/tw-secure";

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

    /**
     * The secured variant, merged over compose.yml as a user runs it, is valid compose; and each service gets its
     * role's file from the directory `tailwatch broker --secure` made, the processors a protected /metrics, and
     * Prometheus the configuration that scrapes it over TLS.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theSecuredVariantIsValidAndGivesEachServiceItsRoleFile() throws Exception {
        Path compose = Tools.require("docker-compose", "apt-get install -y docker-compose", "docker-compose");
        List<String> command = List.of(compose.toString(), "-f", COMPOSE.toString(), "-f", SECURE.toString(), "config");
        Map<String, String> environment = Map.of("TAILWATCH_SECURE_DIR", SECURE_DIR, "TAILWATCH_METRICS_DIR", "/home/user/tw-metrics");
        Tools.Result quiet = Tools.run(append(command, "-q"), environment, 60);
        assertEquals(0, quiet.exitCode(), "docker-compose -f compose.yml -f compose.secure.yml config -q:\n" + quiet.output());

        Tools.Result merged = Tools.run(command, environment, 60);
        assertEquals(0, merged.exitCode(), merged.output());
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(merged.output())).get("services");
        for (String processors : List.of("processors", "processors-2")) {
            assertEquals(List.of("--client-config", SECURE_DIR + "/processors.properties"), after(services, processors, "--client-config"));
            assertEquals(List.of("--metrics-web-config", "/etc/tailwatch/metrics/web.yml"), after(services, processors, "--metrics-web-config"));
        }
        for (String trainer : List.of("trainer", "simulator")) {
            assertEquals(List.of("--client-config", SECURE_DIR + "/trainer.properties"), after(services, trainer, "--client-config"));
        }
        assertTrue(((List<String>) ((Map<String, Object>) services.get("prometheus")).get("command"))
                .contains("--config.file=/etc/prometheus/prometheus.secure.yml"));
        assertEquals(List.of("/bin/sh", "/opt/tailwatch/kafka-secure.sh"), ((Map<String, Object>) services.get("kafka")).get("entrypoint"));
        // The role files name their truststore by its absolute path: the directory must appear at that path inside.
        for (String service : List.of("kafka", "kafka-acls", "processors", "processors-2", "trainer", "simulator")) {
            List<Object> volumes = (List<Object>) ((Map<String, Object>) services.get(service)).get("volumes");
            assertTrue(volumes.stream().map(Object::toString).anyMatch(v -> v.contains("secure-files:" + SECURE_DIR)),
                    service + " mounts the role files at " + SECURE_DIR + ": " + volumes);
        }
        assertFalse(Files.readString(SECURE).contains("ports:"), "the secured variant publishes nothing beyond compose.yml's loopback ports");

        Tools.Result unset = Tools.run(append(command, "-q"), Map.of(), 60);
        assertTrue(unset.exitCode() != 0 && unset.output().contains("set TAILWATCH_SECURE_DIR"), unset.output());
    }

    /** The compose stack's broker gets exactly the ACLs docs/SECURITY.md documents (and RoleAcls applies). */
    @Test
    void theSecuredStacksAclsAreTheDocumentedOnes() throws Exception {
        List<String> documented = aclCommands(Files.readString(SECURITY_DOC), "kafka-acls ");
        List<String> granted = aclCommands(Files.readString(ACL_SCRIPT), "kafka_acls ");
        assertEquals(10, documented.size(), documented.toString());
        assertEquals(documented, granted);
    }

    @Test
    void theSecuredStacksScriptsAreValidShell() throws Exception {
        for (Path script : List.of(ACL_SCRIPT, COMPOSE.getParent().resolve("secure/kafka-secure.sh"))) {
            Tools.Result r = Tools.run(List.of("sh", "-n", script.toString()), 30);
            assertEquals(0, r.exitCode(), script + ": " + r.output());
        }
    }

    /** Each `PREFIX--add ...` command, continuation lines joined, white space normalised. */
    private static List<String> aclCommands(String text, String prefix) {
        List<String> commands = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "(--add(?:[^\\n]*\\\\\\n)*[^\\n]*)").matcher(text);
        while (m.find()) {
            commands.add(m.group(1).replace("\\\n", " ").replaceAll("\\s+", " ").strip());
        }
        return commands;
    }

    @SuppressWarnings("unchecked")
    private static List<String> after(Map<String, Object> services, String service, String option) {
        List<String> command = (List<String>) ((Map<String, Object>) services.get(service)).get("command");
        int i = command.indexOf(option);
        assertTrue(i >= 0 && i + 1 < command.size(), service + " has " + option + ": " + command);
        return command.subList(i, i + 2);
    }

    private static List<String> append(List<String> list, String item) {
        List<String> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }
}
