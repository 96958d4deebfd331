package dev.tailwatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The module's configuration files and what the tests read out of them. */
final class ProjectFiles {

    /** The module directory (Maven runs tests there; the property covers IDEs that do not). */
    static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    static final Path PROMETHEUS = MODULE.resolve("prometheus");
    static final Path PROMETHEUS_CONFIG = PROMETHEUS.resolve("prometheus.yml");
    static final Path RULES = PROMETHEUS.resolve("rules/tailwatch-alerts.yml");
    static final Path RULE_TESTS = PROMETHEUS.resolve("tests");
    static final Path ALERTMANAGER_CONFIG = MODULE.resolve("alertmanager/alertmanager.yml");
    static final Path DASHBOARDS = MODULE.resolve("grafana/dashboards");
    static final Path DATASOURCES = MODULE.resolve("grafana/provisioning/datasources/prometheus.yml");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectFiles() {
    }

    static List<Path> dashboardFiles() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> ruleTestFiles() {
        try (Stream<Path> files = Files.list(RULE_TESTS)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** The uid of the provisioned Prometheus datasource (the one {@code uid:} line of the provisioning file). */
    static String provisionedDatasourceUid() throws IOException {
        Matcher m = Pattern.compile("(?m)^\\s*uid:\\s*\"?([\\w-]+)\"?\\s*$").matcher(Files.readString(DATASOURCES));
        if (!m.find()) {
            throw new IllegalStateException("no uid in " + DATASOURCES);
        }
        String uid = m.group(1);
        if (m.find()) {
            throw new IllegalStateException("more than one uid in " + DATASOURCES);
        }
        return uid;
    }

    /** Every panel of a dashboard, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                out.add(nested);
            }
        }
        return out;
    }

    /** A PromQL expression of a dashboard: a panel target, an annotation query or a variable query. */
    record Expression(String dashboard, String where, String expr, boolean variableQuery) {
        @Override
        public String toString() {
            return dashboard + " / " + where + ": " + expr;
        }
    }

    static List<Expression> expressions(Path file) throws IOException {
        JsonNode d = readJson(file);
        String name = file.getFileName().toString();
        List<Expression> out = new ArrayList<>();
        for (JsonNode panel : panels(d)) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(new Expression(name, "panel " + panel.path("id").asInt() + " \"" + panel.path("title").asText()
                            + "\" " + target.path("refId").asText(), target.get("expr").asText(), false));
                }
            }
        }
        for (JsonNode annotation : d.path("annotations").path("list")) {
            if (annotation.hasNonNull("expr")) {
                out.add(new Expression(name, "annotation \"" + annotation.path("name").asText() + "\"",
                        annotation.get("expr").asText(), false));
            }
        }
        for (JsonNode variable : d.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            String q = query.isObject() ? query.path("query").asText() : query.asText();
            if (!q.isEmpty()) {
                out.add(new Expression(name, "variable $" + variable.path("name").asText(), q, true));
            }
        }
        return out;
    }
}
