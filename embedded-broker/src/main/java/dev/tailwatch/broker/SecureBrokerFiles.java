package dev.tailwatch.broker;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The files of a secured trial broker ({@code tailwatch broker --secure DIR}): a private CA's truststore, the
 * broker's keystore, SCRAM-SHA-512 credentials for the broker and one principal per role, and a client
 * properties file per role ({@code DIR/admin.properties}, {@code trainer}, {@code processors}, {@code reader})
 * that every tailwatch command takes as {@code --client-config}.
 *
 * <p>Made once and reused: a directory that already holds them is read back, so role files handed out stay
 * valid across broker restarts. A directory that holds anything else is refused rather than written into.
 * Every file is readable by its owner only: they hold passwords.
 */
public final class SecureBrokerFiles {

    /** The principals a deployment gives out, each with the least privilege its commands need ({@link RoleAcls}). */
    public enum Role {
        /** Topic administration; a super user. */
        ADMIN,
        /** `train`, `simulate`, `import`: writes the input topics. */
        TRAINER,
        /** `process`: reads inputs, writes outputs, its consumer group, transactions and internal topics. */
        PROCESSORS,
        /** `watch`, `replay`, `export`: reads. */
        READER;

        /** The principal's user name, also the role file's name. */
        public String user() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String BROKER_USER = "broker";
    static final String MECHANISM = "SCRAM-SHA-512";
    private static final String SECRETS = "broker-secrets.properties";
    private static final String KEYSTORE = "broker-keystore.p12";
    private static final String TRUSTSTORE = "truststore.p12";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Properties secrets;

    private SecureBrokerFiles(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /**
     * The files in {@code dir}: read back if an earlier start made them, otherwise created.
     *
     * @throws BrokerStartException with one line when the directory holds other files or cannot be written
     */
    public static SecureBrokerFiles prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            if (Files.isRegularFile(absolute.resolve(SECRETS))) {
                Properties secrets = new Properties();
                try (Reader in = Files.newBufferedReader(absolute.resolve(SECRETS), StandardCharsets.UTF_8)) {
                    secrets.load(in);
                }
                return new SecureBrokerFiles(absolute, secrets);
            }
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                throw new BrokerStartException("--secure " + dir + ": not a directory; give a new or empty directory", null);
            }
            if (Files.isDirectory(absolute)) {
                try (Stream<Path> entries = Files.list(absolute)) {
                    if (entries.findAny().isPresent()) {
                        throw new BrokerStartException("--secure " + dir + ": holds other files and no " + SECRETS
                                + "; give a new or empty directory (a secured broker's files are made once and reused)", null);
                    }
                }
            }
            Files.createDirectories(absolute);
            try {
                Files.setPosixFilePermissions(absolute, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the files' own defaults apply.
            }
            return create(absolute);
        } catch (IOException e) {
            throw new BrokerStartException("--secure " + dir + ": cannot be used (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }

    private static SecureBrokerFiles create(Path dir) throws IOException {
        Properties secrets = new Properties();
        secrets.setProperty("keystore.password", password());
        secrets.setProperty("truststore.password", password());
        secrets.setProperty("user." + BROKER_USER, password());
        for (Role role : Role.values()) {
            secrets.setProperty("user." + role.user(), password());
        }
        SecureBrokerFiles files = new SecureBrokerFiles(dir, secrets);
        LocalCertificates.write(files.keystore(), files.truststore(), secrets.getProperty("keystore.password").toCharArray(),
                secrets.getProperty("truststore.password").toCharArray());
        for (Role role : Role.values()) {
            write(files.roleFile(role), files.clientProperties(role.user()),
                    "tailwatch trial broker, role " + role.user() + ": pass to any command as --client-config");
        }
        // Last: its presence marks a complete set.
        write(dir.resolve(SECRETS), secrets, "tailwatch trial broker: passwords of its keystores and principals");
        return files;
    }

    /** Alphanumeric, so it needs no quoting in a JAAS line or a properties file. */
    private static String password() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder out = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static void write(Path file, Properties properties, String comment) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file);
        ownerOnly(file);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, comment);
        }
    }

    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own defaults apply.
        }
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    /** The client properties file of a role. */
    public Path roleFile(Role role) {
        return dir.resolve(role.user() + ".properties");
    }

    Path keystore() {
        return dir.resolve(KEYSTORE);
    }

    Path truststore() {
        return dir.resolve(TRUSTSTORE);
    }

    /** What a client of this user needs besides the bootstrap servers. */
    Properties clientProperties(String user) {
        Properties p = new Properties();
        p.setProperty("security.protocol", "SASL_SSL");
        p.setProperty("sasl.mechanism", MECHANISM);
        p.setProperty("sasl.jaas.config", jaas(user));
        p.setProperty("ssl.truststore.location", truststore().toString());
        p.setProperty("ssl.truststore.type", "PKCS12");
        p.setProperty("ssl.truststore.password", secrets.getProperty("truststore.password"));
        return p;
    }

    private String jaas(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + secrets.getProperty("user." + user) + "\";";
    }

    /**
     * The broker's settings for a SASL_SSL client listener named {@code listener}: TLS with the generated
     * certificate, SCRAM-SHA-512, the broker's own credentials for inter-broker traffic, the standard
     * authorizer with ACLs on and the broker and admin principals as super users.
     */
    Map<String, String> brokerProperties(String listener) {
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put(prefix + MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", jaas(BROKER_USER));
        p.put("ssl.keystore.location", keystore().toString());
        p.put("ssl.keystore.type", "PKCS12");
        p.put("ssl.keystore.password", secrets.getProperty("keystore.password"));
        p.put("ssl.key.password", secrets.getProperty("keystore.password"));
        p.put("ssl.truststore.location", truststore().toString());
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.truststore.password", secrets.getProperty("truststore.password"));
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // The controller listener stays PLAINTEXT on 127.0.0.1, where the broker half registers as ANONYMOUS; no
        // client is given that listener (clients only get the SASL_SSL one).
        p.put("super.users", "User:" + BROKER_USER + ";User:" + Role.ADMIN.user() + ";User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** StorageTool arguments that create every principal's SCRAM credentials when the broker's storage is formatted. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        for (String user : users()) {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + user + ",password=" + secrets.getProperty("user." + user) + "]");
        }
        return args;
    }

    private List<String> users() {
        List<String> users = new ArrayList<>();
        users.add(BROKER_USER);
        for (Role role : Role.values()) {
            users.add(role.user());
        }
        return users;
    }
}
