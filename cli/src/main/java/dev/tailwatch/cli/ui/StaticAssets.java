package dev.tailwatch.cli.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, read from the jar once: the page, its script and style, and ECharts from its webjar —
 * nothing from a CDN, so the page works on a machine without internet and loads no third-party code at run time.
 */
final class StaticAssets {

    record Asset(String contentType, byte[] body) {
    }

    private static final String OWN = "/dev/tailwatch/cli/ui/";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private final Map<String, Asset> assets;

    StaticAssets() {
        String echarts = "/META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";
        assets = Map.of(
                "/", new Asset("text/html; charset=utf-8", read(OWN + "index.html")),
                "/assets/app.js", new Asset("text/javascript; charset=utf-8", read(OWN + "app.js")),
                "/assets/app.css", new Asset("text/css; charset=utf-8", read(OWN + "app.css")),
                "/assets/echarts.min.js", new Asset("text/javascript; charset=utf-8", read(echarts)));
    }

    /** The asset at this path, or null. */
    Asset get(String path) {
        return assets.get(path);
    }

    /** The webjar's own record of its version, so a version bump in the pom needs no change here. */
    static String echartsVersion() {
        Properties p = new Properties();
        try (InputStream in = StaticAssets.class.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IllegalStateException("the ECharts webjar is not on the class path (" + ECHARTS_POM + ")");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
