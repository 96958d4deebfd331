package dev.tailwatch.schema.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka client settings a user brings for a secured cluster — {@code security.protocol}, {@code sasl.*},
 * {@code ssl.*} — in the Kafka tools' convention: a properties file ({@code --client-config FILE}, or the
 * file named by {@value #ENVIRONMENT_VARIABLE}) whose keys go to every producer, consumer, admin client and
 * Kafka Streams instance a command makes.
 *
 * <p>tailwatch's promises rest on some client settings: idempotent {@code acks=all} producers (no record lost
 * or duplicated), {@code read_committed} readers (no aborted output seen), {@code exactly_once_v2} processors.
 * A file that would weaken one is refused with one line naming the key, and so are keys tailwatch always
 * sets itself (bootstrap servers, serializers, group and transactional ids): a file never silently changes
 * what a command does beyond how it connects.
 *
 * <p>Values of secret keys (passwords, JAAS configs with credentials, private keys) never appear in
 * {@link #toString()}, {@link #describe()} or any exception message.
 */
public final class ClientConfigFile {

    /** Names the client-config file when the option is not given. */
    public static final String ENVIRONMENT_VARIABLE = "TAILWATCH_CLIENT_CONFIG";

    /** Keys whose value tailwatch depends on: the file may repeat the required value, never another one. */
    private static final Map<String, String> REQUIRED = Map.of(
            "enable.idempotence", "true",
            "acks", "all",
            "isolation.level", "read_committed",
            "processing.guarantee", "exactly_once_v2");

    /** Keys tailwatch sets per command; a file that sets them is refused whatever the value. */
    private static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("bootstrap.servers", "give the brokers with --bootstrap"),
            Map.entry("key.serializer", "tailwatch encodes its own records"),
            Map.entry("value.serializer", "tailwatch encodes its own records"),
            Map.entry("key.deserializer", "tailwatch decodes its own records"),
            Map.entry("value.deserializer", "tailwatch decodes its own records"),
            Map.entry("transactional.id", "the processors derive it from their application id"),
            Map.entry("group.id", "each command names its own consumer group"),
            Map.entry("application.id", "give it with the command's option"),
            Map.entry("enable.auto.commit", "tailwatch commits offsets itself"),
            Map.entry("commit.interval.ms", "give it with process --commit-interval-ms and --backlog-commit-interval-ms"),
            Map.entry("transaction.timeout.ms", "the processors set it from --backlog-commit-interval-ms (twice it, at least 10 s)"));

    /** {@code username="NAME"} or {@code username=NAME} in a JAAS line. */
    private static final Pattern JAAS_USERNAME = Pattern.compile("\\busername\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;\"]+))");

    private static final ClientConfigFile NONE = new ClientConfigFile(null, Map.of());

    private final Path source;
    private final Map<String, String> settings;

    private ClientConfigFile(Path source, Map<String, String> settings) {
        this.source = source;
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /** No extra settings: a plain, unsecured cluster. */
    public static ClientConfigFile none() {
        return NONE;
    }

    /**
     * The file the option names, else the one the environment variable names, else none.
     *
     * @param option      the command's {@code --client-config}, or null
     * @param environment the process environment (System::getenv)
     * @throws ClientConfigException with one line naming the file, the problem and the fix
     */
    public static ClientConfigFile resolve(Path option, Function<String, String> environment) {
        if (option != null) {
            return load(option, "--client-config " + option);
        }
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            return NONE;
        }
        return load(Path.of(fromEnvironment), ENVIRONMENT_VARIABLE + "=" + fromEnvironment);
    }

    /**
     * Reads and checks a client properties file.
     *
     * @param what how the user named it, for messages ("--client-config FILE")
     * @throws ClientConfigException with one line naming the file, the problem and the fix
     */
    public static ClientConfigFile load(Path file, String what) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ClientConfigException(what + ": no such file; give a Kafka client properties file "
                    + "(security.protocol, sasl.*, ssl.*)");
        } catch (AccessDeniedException e) {
            throw new ClientConfigException(what + ": permission denied; make it readable by this user");
        } catch (IOException e) {
            throw new ClientConfigException(what + ": cannot be read (" + e.getClass().getSimpleName()
                    + "); give a readable Kafka client properties file");
        } catch (IllegalArgumentException e) {
            // Properties.load refuses a malformed \\uXXXX escape; its message quotes no value.
            throw new ClientConfigException(what + ": not a properties file (" + e.getMessage() + ")");
        }
        Map<String, String> settings = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            check(what, key, value);
            settings.put(key, value);
        }
        return new ClientConfigFile(file, settings);
    }

    private static void check(String what, String key, String value) {
        String reason = OWNED.get(key);
        if (reason != null) {
            throw new ClientConfigException(what + ": key '" + key + "' cannot be set here (" + reason
                    + "); remove it from the file");
        }
        String required = REQUIRED.get(key);
        if (required != null && !sameValue(key, value, required)) {
            throw new ClientConfigException(what + ": key '" + key + "' would weaken what tailwatch promises (it needs "
                    + key + "=" + required + "); remove it from the file");
        }
    }

    private static boolean sameValue(String key, String value, String required) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.equals(required) || key.equals("acks") && v.equals("-1");
    }

    /** Whether a key's value must never be shown: passwords, credentials, private keys, tokens. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("credential");
    }

    /** The file the settings came from, or null for none. */
    public Path source() {
        return source;
    }

    /** The settings, for a client's configuration map. */
    public Map<String, String> settings() {
        return settings;
    }

    /**
     * The user name in {@code sasl.jaas.config} (SCRAM, PLAIN), for naming the principal in a refusal; empty for
     * mTLS or OAuth, whose principal the client does not know. Only the name is read, never the password beside it.
     */
    public Optional<String> saslUsername() {
        String jaas = settings.get("sasl.jaas.config");
        if (jaas == null) {
            return Optional.empty();
        }
        Matcher m = JAAS_USERNAME.matcher(jaas);
        return m.find() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
    }

    /** Whether any setting was given. */
    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** Adds the settings to a producer's, consumer's, admin client's or Kafka Streams' properties. */
    public Properties applyTo(Properties clientProperties) {
        // Kafka Streams passes unprefixed client settings to every client it makes (consumers, producers, admin),
        // which is what security settings need; so one method serves every kind of client.
        clientProperties.putAll(settings);
        return clientProperties;
    }

    /** Adds the settings to a client configuration map. */
    public Map<String, Object> applyTo(Map<String, Object> clientConfig) {
        clientConfig.putAll(settings);
        return clientConfig;
    }

    /** The settings with secret values hidden, for logs and messages. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        settings.forEach((k, v) -> out.append(out.isEmpty() ? "" : ", ").append(k).append('=')
                .append(isSecret(k) ? "[hidden]" : v));
        return (source == null ? "no client config" : source + ": ") + out;
    }

    @Override
    public String toString() {
        return describe();
    }
}
