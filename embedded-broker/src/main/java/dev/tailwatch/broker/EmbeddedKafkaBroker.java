package dev.tailwatch.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka 4.3 broker — KRaft, broker and controller in one server — running in this JVM.
 *
 * <p>Both listeners bind to 127.0.0.1 only. Every replication factor and min ISR is 1, so idempotent
 * and transactional producers and {@code exactly_once_v2} Kafka Streams work against it, and consumer
 * groups rebalance without the usual initial delay.
 *
 * <p>Given a data directory, the broker keeps its log there: storage is formatted only when the
 * directory holds no {@code meta.properties} yet, so a new broker started on the same directory (and the
 * same port, if clients should find it again) serves the earlier topics and records. A directory that
 * holds other files and no {@code meta.properties} is refused rather than written into. Without one, it
 * uses a temporary directory that {@link #close()} deletes.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *     broker.createTopics(List.of(new NewTopic("t", 3, (short) 1)));
 *     String bootstrap = broker.bootstrapServers();   // "127.0.0.1:PORT"
 * }
 * }</pre>
 *
 * <p>A broker starts once; to restart, build a new one on the same data directory. Methods are
 * thread-safe.
 *
 * <p>Kafka's own loggers ({@code kafka}, {@code org.apache.kafka}, {@code state.change.logger}) are held
 * at WARN when the application's SLF4J provider is slf4j-simple and the application set no level for
 * them; {@code -Dorg.slf4j.simpleLogger.log.kafka=info} (or the same key in
 * {@code simplelogger.properties}) brings the broker's INFO lines back. Other providers are left to
 * their own configuration.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    /** Kept fixed: meta.properties records it and a restart with another id is refused. */
    private static final String NODE_ID = "1";
    private static final String META_PROPERTIES = "meta.properties";
    /** Kafka's lock file in each log dir. */
    private static final String LOCK_FILE = ".lock";
    /**
     * Data dirs of the brokers in this JVM. Kafka's own lock cannot guard them here: the controller,
     * which starts first, takes no lock when the metadata log shares the log dir, so a second broker's
     * controller would write into the first one's metadata log before its broker half fails on the lock.
     */
    private static final Set<Path> DATA_DIRS_IN_USE = ConcurrentHashMap.newKeySet();

    static {
        // Before any Kafka server class loads and creates its loggers.
        QuietKafkaLogging.apply();
    }

    private enum State { NEW, STARTING, RUNNING, CLOSED }

    private final int requestedPort;
    private final int requestedControllerPort;
    private final Path requestedDataDir;
    private final int partitions;
    private final Map<String, String> extraProperties;
    private final Duration startTimeout;
    /** Null for the plain broker; otherwise a SASL_SSL listener with ACLs. */
    private final SecureBrokerFiles secure;
    private final RoleAcls acls;

    private State state = State.NEW;
    private Path dataDir;
    private boolean temporaryDataDir;
    private Path claimedDataDir;
    private int port;
    private int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedControllerPort = builder.controllerPort;
        this.requestedDataDir = builder.dataDir;
        this.partitions = builder.partitions;
        this.extraProperties = Map.copyOf(builder.extra);
        this.startTimeout = builder.startTimeout;
        this.secure = builder.secure;
        this.acls = builder.acls;
    }

    /** A builder with the defaults: free ports, a temporary data directory, 1 partition per auto-created topic. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage if the data directory is not formatted yet, starts the broker, and returns once
     * it answers admin requests.
     *
     * @return this broker, running
     * @throws BrokerStartException with a one-line reason (port in use, unusable data directory, not ready
     *                              in time, ...); whatever had started is stopped again and a temporary
     *                              data directory is deleted
     * @throws IllegalStateException if this broker was started before
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (state != State.NEW) {
            throw new IllegalStateException("an EmbeddedKafkaBroker starts once; build a new one to restart (state " + state + ")");
        }
        state = State.STARTING;
        try {
            dataDir = prepareDataDir();
            claimDataDir();
            port = requestedPort == 0 ? freePort(-1) : requireFree(requestedPort);
            controllerPort = requestedControllerPort == 0 ? freePort(port) : requireFree(requestedControllerPort);
            Properties properties = serverProperties();
            if (!Files.exists(dataDir.resolve(META_PROPERTIES))) {
                format(properties);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            awaitReady();
            if (secure != null) {
                try (Admin admin = Admin.create(adminProperties())) {
                    acls.apply(admin);
                }
            }
            state = State.RUNNING;
            return this;
        } catch (RuntimeException | IOException e) {
            BrokerStartException failure = e instanceof BrokerStartException b ? b
                    : new BrokerStartException(isBindFailure(e) ? BrokerStartException.Kind.PORT_IN_USE : BrokerStartException.Kind.OTHER,
                            describe(e), e);
            try {
                stop();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            state = State.CLOSED;
            throw failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            state = State.CLOSED;
            throw new BrokerStartException("interrupted while the broker on " + HOST + ":" + port + " was starting", e);
        }
    }

    /**
     * Where clients connect: {@code 127.0.0.1:PORT}.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized String bootstrapServers() {
        requireStarted();
        return HOST + ":" + port;
    }

    /** The client port, once started. */
    public synchronized int port() {
        requireStarted();
        return port;
    }

    /** The controller port, once started; pass it to a restarted broker only if you need it fixed. */
    public synchronized int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    /** The data directory in use, once started (a temporary one unless the builder named one). */
    public synchronized Path dataDir() {
        requireStarted();
        return dataDir;
    }

    /** True when the data directory is temporary and {@link #close()} deletes it. */
    public synchronized boolean hasTemporaryDataDir() {
        requireStarted();
        return temporaryDataDir;
    }

    /** True between a successful {@link #start()} and {@link #close()}. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Creates the topics and waits until every partition of each has a leader, so clients can use them
     * at once. Topics that exist already are left as they are (their partitions and configs unchanged).
     *
     * @throws IllegalStateException naming the topic, for any other failure (e.g. a replication factor
     *                               above 1), or if the broker is not running
     */
    public void createTopics(Collection<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey() + " on "
                                + bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).collect(Collectors.toSet()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Same as {@link #createTopics(Collection)}. */
    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    /**
     * A new admin client for this broker; the caller closes it.
     *
     * @throws IllegalStateException unless the broker is running
     */
    public Admin admin() {
        synchronized (this) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the broker is not running (" + state + ")");
            }
        }
        return Admin.create(adminProperties());
    }

    /**
     * Shuts the broker down cleanly and waits until it has, which frees both ports; then deletes the data
     * directory if it was a temporary one. Idempotent. Kafka's server threads are not daemons: a JVM whose
     * broker is never closed does not end by itself.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        stop();
    }

    @Override
    public synchronized String toString() {
        return port == 0 ? "EmbeddedKafkaBroker[" + state + "]"
                : "EmbeddedKafkaBroker[" + HOST + ":" + port + ", " + dataDir + ", " + state + "]";
    }

    private void stop() {
        try {
            if (server != null) {
                KafkaRaftServer s = server;
                server = null;
                s.shutdown();
                s.awaitShutdown();
            }
        } finally {
            if (temporaryDataDir && dataDir != null) {
                deleteRecursively(dataDir);
            }
            if (claimedDataDir != null) {
                DATA_DIRS_IN_USE.remove(claimedDataDir);
                claimedDataDir = null;
            }
        }
    }

    private void requireStarted() {
        if (state == State.NEW || state == State.STARTING) {
            throw new IllegalStateException("the broker has not started");
        }
    }

    private Path prepareDataDir() throws IOException {
        if (requestedDataDir == null) {
            temporaryDataDir = true;
            return Files.createTempDirectory("tailwatch-kafka-");
        }
        Path dir = requestedDataDir.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_UNUSABLE, "data dir " + dir + " is not a directory", null);
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_UNUSABLE, "cannot create data dir " + dir + ": " + e.getFile() + " is not a directory", e);
        } catch (IOException e) {
            throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_UNUSABLE, "cannot create data dir " + dir + ": " + ioReason(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_UNUSABLE, "data dir " + dir + " is not writable", null);
        }
        // Formatting writes meta.properties and checkpoints into the directory, and Kafka then treats
        // every folder in it as a partition log: only an empty directory or a broker log may be used.
        if (!Files.exists(dir.resolve(META_PROPERTIES))) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_UNUSABLE, "data dir " + dir + " holds other files and no Kafka log (no " + META_PROPERTIES
                            + "); name an empty or new folder, or the folder of a broker log", null);
                }
            }
        }
        return dir;
    }

    private void claimDataDir() throws IOException {
        Path real = dataDir.toRealPath();
        if (!DATA_DIRS_IN_USE.add(real)) {
            throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_IN_USE, "data dir " + dataDir + " is in use by another broker in this JVM", null);
        }
        claimedDataDir = real;
        // Another process's broker holds the lock file; catching that here, before our controller
        // starts, keeps it from touching that broker's metadata log. A dir without the file was never
        // used by a running Kafka, and creating it is left to Kafka.
        Path lock = real.resolve(LOCK_FILE);
        if (Files.exists(lock)) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                 FileLock held = channel.tryLock()) {
                if (held == null) {
                    throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_IN_USE, "data dir " + dataDir + " is in use by another Kafka process", null);
                }
            } catch (OverlappingFileLockException e) {
                throw new BrokerStartException(BrokerStartException.Kind.DATA_DIR_IN_USE, "data dir " + dataDir + " is in use by another Kafka broker in this JVM", e);
            }
        }
    }

    private void format(Properties properties) throws IOException {
        // StorageTool reads a server.properties file; a temp file keeps the data dir free of extras.
        Path config = Files.createTempFile("tailwatch-kafka-format-", ".properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                properties.store(out, "tailwatch embedded broker");
            }
            // execute, not main: main ends the JVM. Its chatter goes to a buffer, shown only on failure.
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                List<String> args = new ArrayList<>(List.of("format", "--cluster-id", Uuid.randomUuid().toString(),
                        "--config", config.toString()));
                if (secure != null) {
                    args.addAll(secure.formatArguments());
                }
                status = StorageTool.execute(args.toArray(String[]::new), print);
            }
        } finally {
            Files.deleteIfExists(config);
        }
        if (status != 0) {
            throw new BrokerStartException("formatting data dir " + dataDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8).strip().replaceAll("\\R", " "), null);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        // Topics created without tailwatch's own configs take records as large as the clients send (16 MiB).
        p.put("message.max.bytes", Integer.toString((16 << 20) + (64 << 10)));
        p.put("node.id", NODE_ID);
        // A static voter set, not controller.quorum.bootstrap.servers: the dynamic quorum writes the
        // controller's endpoint into the metadata log, and a restart on another controller port would
        // then look for a voter that is not there.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        String client = secure == null ? "PLAINTEXT" : "SASL_SSL";
        p.put("listeners", client + "://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", client + "://" + HOST + ":" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", client);
        p.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        if (secure != null) {
            p.putAll(secure.brokerProperties(client));
        }
        p.put("log.dirs", dataDir.toString());
        p.put("num.partitions", Integer.toString(partitions));
        p.put("auto.create.topics.enable", "true");
        // One broker: every replicated thing has one replica, and min ISR 1, or transactions and
        // exactly-once Streams would wait for replicas that never come.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // The internal topics default to 50 partitions each; creating those takes seconds on a small machine.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The log cleaner allocates its dedupe buffer on the heap when it starts: 128 MiB by default, per
        // broker. The few compacted keys a test or the demo writes need a fraction of it.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 << 20));
        p.putAll(extraProperties);
        return p;
    }

    /** An admin client's settings: the bootstrap servers and, on a secured broker, the admin principal's credentials. */
    private Properties adminProperties() {
        Properties p = secure == null ? new Properties() : secure.clientProperties(SecureBrokerFiles.Role.ADMIN.user());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port);
        return p;
    }

    /** The secured broker's files, or null for the plain broker. */
    public SecureBrokerFiles secureFiles() {
        return secure;
    }

    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        Properties p = adminProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        Exception last = null;
        try (Admin admin = Admin.create(p)) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster().nodes().get().isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    last = e;
                }
                Thread.sleep(50);
            }
        }
        throw new BrokerStartException("the broker on " + HOST + ":" + port + " was not ready within "
                + startTimeout.toSeconds() + " s" + (last == null ? "" : ": " + reason(last)), last);
    }

    private void awaitLeaders(Admin admin, Set<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
                boolean led = described.values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(Objects::nonNull);
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " did not become usable: " + reason(e), e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " still have partitions without a leader");
            }
            Thread.sleep(20);
        }
    }

    private static int requireFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            probe.setReuseAddress(true);
            return port;
        } catch (IOException e) {
            throw new BrokerStartException(BrokerStartException.Kind.PORT_IN_USE, HOST + ":" + port + " is in use", e);
        }
    }

    /** A port nobody listens on now; another process could take it before Kafka binds, which start() reports. */
    private static int freePort(int avoid) throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
                if (socket.getLocalPort() != avoid) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private static boolean isBindFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private String describe(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return "cannot listen on " + HOST + ":" + port + " or " + HOST + ":" + controllerPort + ": " + t.getMessage();
            }
        }
        return "the broker did not start: " + reason(e);
    }

    /** File-system messages name the file; the caller's message already does. */
    private static String ioReason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return reason(e);
    }

    /** The innermost message, which is where Kafka puts the useful part. */
    private static String reason(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            String message = chain.get(i).getMessage();
            if (message != null && !message.isBlank()) {
                return message.strip().replaceAll("\\R", " ");
            }
        }
        return e.getClass().getSimpleName();
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // A leftover temporary file is harmless; failing the caller's close over it is not.
                }
            });
        } catch (IOException e) {
            // As above.
        }
    }

    /** Settings of an {@link EmbeddedKafkaBroker}; every one has a default. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private int partitions = 1;
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> extra = new LinkedHashMap<>();
        private SecureBrokerFiles secure;
        private RoleAcls acls;

        private Builder() {
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = requirePortOrZero(port);
            return this;
        }

        /** The controller port on 127.0.0.1; 0 (the default) picks a free one. A restart may use another. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = requirePortOrZero(controllerPort);
            return this;
        }

        /**
         * Where the log lives; created if missing, formatted if it is empty, refused if it holds other
         * files and no {@code meta.properties}, and kept on close. Null (the default) means a temporary directory deleted on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Partitions of topics created automatically on first use (default 1); {@code num.partitions}. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /**
         * Any other server property, or one of the defaults overridden. Overriding the listeners or
         * {@code node.id} breaks {@link EmbeddedKafkaBroker#bootstrapServers()} or restarts.
         */
        public Builder property(String key, String value) {
            extra.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Several server properties at once; see {@link #property(String, String)}. */
        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        /** How long {@link EmbeddedKafkaBroker#start()} waits for the broker to answer (default 60 s). */
        public Builder startTimeout(Duration startTimeout) {
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
            }
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * A secured broker: its client listener is SASL_SSL (SCRAM-SHA-512, the files' certificate), ACLs are on,
         * and each role's principal gets what its commands need ({@link RoleAcls}).
         */
        public Builder secure(SecureBrokerFiles files, RoleAcls acls) {
            this.secure = files;
            this.acls = acls;
            return this;
        }

        /** A broker with these settings, not started yet; nothing is created or bound until {@code start()}. */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int requirePortOrZero(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, was " + port);
            }
            return port;
        }
    }
}
