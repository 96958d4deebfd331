package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
