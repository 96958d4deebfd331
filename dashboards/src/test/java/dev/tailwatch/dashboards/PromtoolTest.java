package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool's own checks of the Prometheus configuration, the alert rules and the rules' unit tests
 * (dashboards/prometheus/tests). Skipped without promtool unless CI is set.
 */
class PromtoolTest {

    private static final String INSTALL = "apt-get install -y prometheus";

    @Test
    void configurationIsValid() throws Exception {
        Path promtool = Tools.require("promtool", INSTALL, "promtool");
        Tools.Result r = Tools.run(List.of(promtool.toString(), "check", "config", ProjectFiles.PROMETHEUS_CONFIG.toString()), 60);
        assertEquals(0, r.exitCode(), "promtool check config:\n" + r.output());
        assertTrue(r.output().contains("1 rule files found"), "the config finds the rule file:\n" + r.output());
    }

    /**
     * The secured compose stack's configuration (prometheus.secure.yml): promtool needs the files it names, so it is
     * checked in a copy of the directory whose /etc/tailwatch/metrics paths point at stand-ins.
     */
    @Test
    void theSecuredStacksConfigurationIsValidAndDiffersOnlyInTheProcessorsScrape(@TempDir Path dir) throws Exception {
        Path promtool = Tools.require("promtool", INSTALL, "promtool");
        Path secure = ProjectFiles.PROMETHEUS.resolve("prometheus.secure.yml");
        String text = Files.readString(secure);
        Path metrics = Files.createDirectories(dir.resolve("metrics"));
        Files.writeString(metrics.resolve("ca.crt"), "stand-in\n");
        Files.writeString(metrics.resolve("prometheus.password"), "stand-in\n");
        Path config = dir.resolve("prometheus.secure.yml");
        Files.writeString(config, text.replace("/etc/tailwatch/metrics/", metrics + "/"));
        Files.createDirectories(dir.resolve("rules"));
        Files.copy(ProjectFiles.RULES, dir.resolve("rules").resolve(ProjectFiles.RULES.getFileName()));
        Files.createDirectories(dir.resolve("targets"));
        Files.copy(ProjectFiles.PROMETHEUS.resolve("targets/processors.yml"), dir.resolve("targets/processors.yml"));
        Tools.Result r = Tools.run(List.of(promtool.toString(), "check", "config", config.toString()), 60);
        assertEquals(0, r.exitCode(), "promtool check config:\n" + r.output());
        assertTrue(r.output().contains("1 rule files found"), r.output());

        // Everything below the header comments is prometheus.yml plus the processors' scheme, CA and basic auth.
        String plain = Files.readString(ProjectFiles.PROMETHEUS_CONFIG);
        String added = """
                    scheme: https
                    tls_config:
                      ca_file: /etc/tailwatch/metrics/ca.crt
                    basic_auth:
                      username: prometheus
                      password_file: /etc/tailwatch/metrics/prometheus.password
                """;
        assertEquals(plain.substring(plain.indexOf("global:")), text.substring(text.indexOf("global:")).replace(added, ""));
    }

    @Test
    void rulesAreValid() throws Exception {
        Path promtool = Tools.require("promtool", INSTALL, "promtool");
        Tools.Result r = Tools.run(List.of(promtool.toString(), "check", "rules", ProjectFiles.RULES.toString()), 60);
        assertEquals(0, r.exitCode(), "promtool check rules:\n" + r.output());
        assertTrue(r.output().contains("SUCCESS: 6 rules found"), r.output());
    }

    @Test
    void ruleUnitTestsPass() throws Exception {
        Path promtool = Tools.require("promtool", INSTALL, "promtool");
        List<Path> tests = ProjectFiles.ruleTestFiles();
        assertFalse(tests.isEmpty(), "no promtool tests in " + ProjectFiles.RULE_TESTS);
        List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        tests.forEach(t -> command.add(t.toString()));
        Tools.Result r = Tools.run(command, 120);
        assertEquals(0, r.exitCode(), "promtool test rules:\n" + r.output());
        assertFalse(r.output().contains("FAILED"), r.output());
    }

    @Test
    void alertmanagerConfigurationIsValid() throws Exception {
        Path amtool = Tools.require("amtool", "apt-get install -y prometheus-alertmanager", "amtool");
        Tools.Result r = Tools.run(List.of(amtool.toString(), "check-config", ProjectFiles.ALERTMANAGER_CONFIG.toString()), 60);
        assertEquals(0, r.exitCode(), "amtool check-config:\n" + r.output());
    }
}
