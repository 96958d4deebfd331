package dev.tailwatch.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailwatch.streams.metrics.MetricsServer;
import dev.tailwatch.streams.metrics.MetricsWebConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * /metrics behind TLS and basic auth from a Prometheus-style web config, scraped by the real {@code prometheus}
 * binary with {@code scheme: https}, {@code tls_config} and {@code basic_auth}: up with the right password, down
 * with a wrong one and over plain HTTP. Skipped without the binary unless CI is set.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProtectedMetricsIT {

    private static final String PASSWORD = "scrape-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Process prometheus;
    private MetricsServer server;

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void prometheusScrapesTheProtectedEndpointOnlyWithTheRightPassword() throws Exception {
        Path binary = Tools.require("Prometheus", "apt-get install -y prometheus", "prometheus");
        Path cert = dir.resolve("metrics.crt");
        writeCertificateAndKey(cert, dir.resolve("metrics.key"));
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Files.writeString(dir.resolve("web.yml"), """
                tls_server_config:
                  cert_file: metrics.crt
                  key_file: metrics.key
                basic_auth_users:
                  prometheus: '%s'
                """.formatted(OpenBSDBCrypt.generate("2y", PASSWORD.toCharArray(), salt, 6)));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("tailwatch_protected_test", () -> 1).register(registry);
        server = MetricsServer.start(registry, "127.0.0.1", 0, MetricsWebConfig.load(dir.resolve("web.yml")));
        assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());

        // A client that trusts the certificate: the password decides.
        HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5)).build();
        assertEquals(401, status(trusting, server.url(), null));
        assertEquals(401, status(trusting, server.url(), "prometheus:wrong"));
        assertEquals(200, status(trusting, server.url(), "prometheus:" + PASSWORD));
        // A client that does not trust it never gets an answer.
        assertThrows(SSLHandshakeException.class, () -> status(HttpClient.newHttpClient(), server.url(), "prometheus:" + PASSWORD));

        int port = server.port();
        int promPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            promPort = socket.getLocalPort();
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: right
                    scheme: https
                    tls_config: {ca_file: %1$s}
                    basic_auth: {username: prometheus, password: %2$s}
                    static_configs: [{targets: ['127.0.0.1:%3$d']}]
                  - job_name: wrong-password
                    scheme: https
                    tls_config: {ca_file: %1$s}
                    basic_auth: {username: prometheus, password: nope}
                    static_configs: [{targets: ['127.0.0.1:%3$d']}]
                  - job_name: plain-http
                    static_configs: [{targets: ['127.0.0.1:%3$d']}]
                """.formatted(cert, PASSWORD, port));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")), "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String prom = "http://127.0.0.1:" + promPort;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String right = null;
        String wrong = null;
        String plain = null;
        while (System.nanoTime() < deadline && (right == null || wrong == null || plain == null || !right.equals("1"))) {
            Thread.sleep(1000);
            right = up(prom, "right");
            wrong = up(prom, "wrong-password");
            plain = up(prom, "plain-http");
        }
        assertEquals("1", right, "scraped over TLS with the right password; " + Files.readString(dir.resolve("prometheus.log")));
        assertEquals("0", wrong, "refused with a wrong password");
        assertEquals("0", plain, "refused over plain HTTP");
        assertEquals("1", value(prom, "tailwatch_protected_test{job=\"right\"}"));
    }

    private static int status(HttpClient client, String url, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String up(String prom, String job) throws IOException, InterruptedException {
        return value(prom, "up{job=\"" + job + "\"}");
    }

    private static String value(String prom, String expr) throws IOException, InterruptedException {
        String body;
        try {
            body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(prom + "/api/v1/query?query="
                    + URLEncoder.encode(expr, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;   // not up yet
        }
        JsonNode result = JSON.readTree(body).path("data").path("result");
        return result.isEmpty() ? null : result.get(0).path("value").get(1).asText();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            store.setCertificateEntry("metrics", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A self-signed certificate for 127.0.0.1 and its PKCS#8 key, as PEM files (what openssl req -x509 makes). */
    private static void writeCertificateAndKey(Path cert, Path key) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Principal name = new X500Principal("CN=127.0.0.1");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(300)), Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        for (var entry : List.of(java.util.Map.entry(cert, (Object) certificate), java.util.Map.entry(key, (Object) pair.getPrivate()))) {
            try (Writer out = Files.newBufferedWriter(entry.getKey()); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(entry.getValue());
            }
        }
    }
}
