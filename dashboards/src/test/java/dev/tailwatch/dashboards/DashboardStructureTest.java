package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The dashboards are consistent JSON that works with the provisioned datasource, without Grafana. */
class DashboardStructureTest {

    /** $var, ${var}, ${var:format} and the deprecated [[var]]. */
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)(?::[^}]*)?}|\\[\\[(\\w+)]]");

    static Stream<Path> dashboards() {
        return ProjectFiles.dashboardFiles().stream();
    }

    @Test
    void thereAreTheThreeDashboards() {
        List<String> names = ProjectFiles.dashboardFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("tailwatch-layer-tails.json", "tailwatch-pipeline-health.json", "tailwatch-run-overview.json"), names);
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void parsesAndHasTheBasics(Path file) throws IOException {
        JsonNode d = ProjectFiles.readJson(file);
        assertTrue(d.path("uid").isTextual() && !d.path("uid").asText().isEmpty(), file + ": uid");
        assertTrue(d.path("uid").asText().length() <= 40, file + ": Grafana uids have at most 40 characters");
        assertTrue(d.path("title").isTextual(), file + ": title");
        assertTrue(d.path("schemaVersion").isInt(), file + ": schemaVersion");
        assertTrue(d.path("panels").isArray() && !d.path("panels").isEmpty(), file + ": panels");
        assertFalse(d.has("id") && !d.get("id").isNull(), file + ": a provisioned dashboard must not carry a database id");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelIdsAreUniqueAndPanelsFitTheGrid(Path file) throws IOException {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : ProjectFiles.panels(ProjectFiles.readJson(file))) {
            String title = panel.path("title").asText();
            assertTrue(panel.path("id").isInt(), file + ": panel \"" + title + "\" has no numeric id");
            assertTrue(ids.add(panel.get("id").asInt()), file + ": duplicate panel id " + panel.get("id") + " (\"" + title + "\")");
            JsonNode grid = panel.path("gridPos");
            int x = grid.path("x").asInt(-1);
            int w = grid.path("w").asInt(-1);
            assertTrue(x >= 0 && w >= 1 && x + w <= 24 && grid.path("h").asInt(0) >= 1 && grid.path("y").asInt(-1) >= 0,
                    file + ": panel \"" + title + "\" gridPos " + grid);
            assertFalse(panel.path("type").asText().isEmpty(), file + ": panel \"" + title + "\" has no type");
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyDatasourceIsTheProvisionedOne(Path file) throws IOException {
        String uid = ProjectFiles.provisionedDatasourceUid();
        JsonNode d = ProjectFiles.readJson(file);
        List<String> wrong = new ArrayList<>();
        for (JsonNode panel : ProjectFiles.panels(d)) {
            String where = "panel \"" + panel.path("title").asText() + "\"";
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            if (panel.path("targets").isEmpty()) {
                continue; // e.g. the alert list, which queries Grafana itself
            }
            checkDatasource(panel.path("datasource"), uid, where, wrong);
            for (JsonNode target : panel.path("targets")) {
                checkDatasource(target.path("datasource"), uid, where + " target " + target.path("refId").asText(), wrong);
            }
        }
        for (JsonNode annotation : d.path("annotations").path("list")) {
            if (annotation.path("builtIn").asInt(0) == 1) {
                continue; // Grafana's own annotations and alerts
            }
            checkDatasource(annotation.path("datasource"), uid, "annotation \"" + annotation.path("name").asText() + "\"", wrong);
        }
        for (JsonNode variable : d.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                checkDatasource(variable.path("datasource"), uid, "variable " + variable.path("name").asText(), wrong);
            }
        }
        assertTrue(wrong.isEmpty(), file + ": datasources other than uid " + uid + ": " + wrong);
    }

    private static void checkDatasource(JsonNode ds, String uid, String where, List<String> wrong) {
        if (!ds.isObject() || !uid.equals(ds.path("uid").asText()) || !"prometheus".equals(ds.path("type").asText())) {
            wrong.add(where + " → " + ds);
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyVariableUsedIsDefined(Path file) throws IOException {
        JsonNode d = ProjectFiles.readJson(file);
        Set<String> defined = new HashSet<>();
        for (JsonNode variable : d.path("templating").path("list")) {
            defined.add(variable.path("name").asText());
        }
        List<String> undefined = new ArrayList<>();
        for (ProjectFiles.Expression e : ProjectFiles.expressions(file)) {
            Matcher m = VARIABLE.matcher(e.expr());
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                // Grafana's global variables ($__interval, $__rate_interval, $__range, ...) start with "__".
                if (!name.startsWith("__") && !defined.contains(name)) {
                    undefined.add("$" + name + " in " + e);
                }
            }
        }
        // Legend formats may only name labels ({{layer}}), never undefined variables either.
        assertTrue(undefined.isEmpty(), file + ": undefined variables: " + undefined);
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void variablesAreLabelValuesQueriesOnTailwatchSeries(Path file) throws IOException {
        JsonNode d = ProjectFiles.readJson(file);
        Set<String> names = new HashSet<>();
        for (JsonNode variable : d.path("templating").path("list")) {
            assertTrue(names.add(variable.path("name").asText()), file + ": variable defined twice: " + variable.path("name"));
            JsonNode query = variable.path("query");
            String q = query.isObject() ? query.path("query").asText() : query.asText();
            assertTrue(q.matches("label_values\\(tailwatch_\\w+(\\{[^}]*})?, *\\w+\\)"), file + ": variable query " + q);
        }
        assertTrue(names.contains("run"), file + ": every dashboard selects runs");
    }

    @Test
    void dashboardUidsAreUniqueAndTheAlertLinksPointAtThem() throws IOException {
        Map<String, Path> uids = new HashMap<>();
        for (Path file : ProjectFiles.dashboardFiles()) {
            String uid = ProjectFiles.readJson(file).path("uid").asText();
            Path before = uids.put(uid, file);
            assertEquals(null, before, "uid " + uid + " used by " + before + " and " + file);
        }
        Matcher m = Pattern.compile("/d/([\\w-]+)/").matcher(Files.readString(ProjectFiles.RULES));
        int links = 0;
        while (m.find()) {
            links++;
            assertTrue(uids.containsKey(m.group(1)), "alert rule links to a dashboard that does not exist: " + m.group(1));
        }
        assertTrue(links > 0, "the alert rules link to the dashboards");
    }

    @Test
    void theRunOverviewShowsEventsAsAnnotations() throws IOException {
        JsonNode d = ProjectFiles.readJson(ProjectFiles.DASHBOARDS.resolve("tailwatch-run-overview.json"));
        boolean events = false;
        for (JsonNode a : d.path("annotations").path("list")) {
            events |= a.path("expr").asText().contains("tailwatch_events_total") && a.path("enable").asBoolean();
        }
        assertTrue(events, "an enabled annotation query on tailwatch_events_total");
    }

    @Test
    void theRunOverviewNamesTheProbeThatMeasuredTheRun() throws IOException {
        JsonNode d = ProjectFiles.readJson(ProjectFiles.DASHBOARDS.resolve("tailwatch-run-overview.json"));
        List<String> probePanels = new ArrayList<>();
        for (JsonNode panel : ProjectFiles.panels(d)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.path("expr").asText().equals("tailwatch_run_probe_info{run=\"$run\"}")
                        && target.path("legendFormat").asText().equals("{{probe}}")
                        && panel.path("options").path("textMode").asText().equals("name")) {
                    probePanels.add(panel.path("title").asText());
                }
            }
        }
        assertEquals(List.of("Noise probe"), probePanels, "a stat panel showing the run's probe label");
    }
}
