package dev.tailwatch.streams.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * TLS and basic auth for {@code /metrics}, from a file in the format of Prometheus' own web config
 * ({@code --web.config.file}), so one file serves both and a Prometheus scrapes it with {@code scheme: https},
 * {@code tls_config} and {@code basic_auth}:
 *
 * <pre>
 * tls_server_config:
 *   cert_file: metrics.crt      # PEM, the server certificate (and its chain)
 *   key_file: metrics.key       # PEM, its private key (PKCS#8 or PKCS#1)
 * basic_auth_users:
 *   prometheus: $2y$10$...      # bcrypt hashes, as htpasswd -B or Prometheus' docs make them
 * </pre>
 *
 * Either section may be left out; relative paths are relative to the file. Other keys are refused rather than
 * ignored, so a setting the user believes is in force never silently is not.
 */
public final class MetricsWebConfig {

    private static final Set<String> TOP_LEVEL = Set.of("tls_server_config", "basic_auth_users");
    private static final Set<String> TLS_KEYS = Set.of("cert_file", "key_file");

    private final SSLContext tls;
    private final Map<String, String> users;
    /**
     * SHA-256 of each user's last verified password: bcrypt is slow on purpose, and a scrape every few seconds should
     * not pay it each time. A digest, compared in constant time, so neither the password nor its prefix leaks.
     */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private MetricsWebConfig(SSLContext tls, Map<String, String> users) {
        this.tls = tls;
        this.users = users;
    }

    /**
     * Reads and checks the file, loading the certificate and key.
     *
     * @throws IllegalArgumentException with one line naming the file, the problem and the fix
     */
    public static MetricsWebConfig load(Path file) {
        String what = "--metrics-web-config " + file;
        Object parsed;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + ": no such file; give a web config (tls_server_config, basic_auth_users)");
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (YAMLException e) {
            throw new IllegalArgumentException(what + ": not YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        Map<String, Object> top = map(parsed, what, "the file");
        for (String key : top.keySet()) {
            if (!TOP_LEVEL.contains(key)) {
                throw new IllegalArgumentException(what + ": '" + key + "' is not supported here; use tls_server_config and basic_auth_users");
            }
        }
        Path base = file.toAbsolutePath().getParent();
        SSLContext tls = null;
        if (top.get("tls_server_config") != null) {
            Map<String, Object> t = map(top.get("tls_server_config"), what, "tls_server_config");
            for (String key : t.keySet()) {
                if (!TLS_KEYS.contains(key)) {
                    throw new IllegalArgumentException(what + ": tls_server_config." + key + " is not supported; give cert_file and key_file");
                }
            }
            tls = sslContext(what, base.resolve(string(t.get("cert_file"), what, "tls_server_config.cert_file")),
                    base.resolve(string(t.get("key_file"), what, "tls_server_config.key_file")));
        }
        Map<String, String> users = new LinkedHashMap<>();
        if (top.get("basic_auth_users") != null) {
            map(top.get("basic_auth_users"), what, "basic_auth_users").forEach((user, hash) -> {
                String h = string(hash, what, "basic_auth_users." + user);
                if (!h.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                    // The hash is not a secret, but a malformed one is most often a pasted password: do not echo it.
                    throw new IllegalArgumentException(what + ": basic_auth_users." + user + " is not a bcrypt hash; "
                            + "make one with htpasswd -nBC 10 \"\" | tr -d ':\\n'");
                }
                users.put(user, h);
            });
        }
        return new MetricsWebConfig(tls, users);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + ": " + where + " must be a mapping");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Object value, String what, String where) {
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(what + ": " + where + " is missing");
        }
        return value.toString();
    }

    private static SSLContext sslContext(String what, Path certFile, Path keyFile) {
        try {
            Collection<? extends Certificate> chain;
            try (InputStream in = Files.newInputStream(certFile)) {
                chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(what + ": " + certFile + " holds no certificate");
            }
            PrivateKey key;
            try (PEMParser pem = new PEMParser(Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII))) {
                Object object = pem.readObject();
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                if (object instanceof PEMKeyPair pair) {
                    key = converter.getKeyPair(pair).getPrivate();
                } else if (object instanceof PrivateKeyInfo info) {
                    key = converter.getPrivateKey(info);
                } else {
                    throw new IllegalArgumentException(what + ": " + keyFile + " holds no unencrypted PEM private key");
                }
            }
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("metrics", key, password, chain.toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + ": " + e.getFile() + " does not exist");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + ": cannot load the TLS certificate and key (" + e.getMessage() + ")");
        }
    }

    /** The TLS context, or null to serve plain HTTP. */
    SSLContext tls() {
        return tls;
    }

    /** Whether scrapes must authenticate. */
    boolean requiresAuth() {
        return !users.isEmpty();
    }

    /** Whether this user and password match a configured bcrypt hash. */
    boolean check(String user, String password) {
        String hash = users.get(user);
        if (hash == null) {
            return false;
        }
        byte[] digest = sha256(password);
        byte[] known = verified.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        boolean ok = OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        if (ok) {
            verified.put(user, digest);
        }
        return ok;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
