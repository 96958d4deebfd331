package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.client.ClientConfigFile;
import dev.tailwatch.streams.metrics.MetricsServer;
import dev.tailwatch.streams.metrics.MetricsWebConfig;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.LoggerFactory;

/**
 * The running processors: Kafka Streams with the tailwatch topology (exactly-once), the Prometheus
 * registry with Kafka Streams and JVM metrics bound, and the /metrics endpoint.
 */
public final class TailwatchProcessors implements AutoCloseable {

    private final KafkaStreams streams;
    private final MetricsServer metricsServer;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final TailwatchMetrics metrics;
    private final AtomicReference<AccessRefusedException> refused;

    private TailwatchProcessors(KafkaStreams streams, MetricsServer metricsServer, KafkaStreamsMetrics streamsMetrics,
                                JvmGcMetrics gcMetrics, TailwatchMetrics metrics, AtomicReference<AccessRefusedException> refused) {
        this.streams = streams;
        this.metricsServer = metricsServer;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
        this.metrics = metrics;
        this.refused = refused;
    }

    /**
     * Creates missing topics, starts the streams and serves /metrics.
     *
     * @param metricsBind address to bind /metrics to, e.g. 127.0.0.1
     * @param metricsPort port for /metrics, 0 for any free one
     * @param partitions  partitions of topics that have to be created
     */
    public static TailwatchProcessors start(ProcessorSettings settings, String metricsBind, int metricsPort, int partitions)
            throws IOException {
        return start(settings, metricsBind, metricsPort, null, partitions);
    }

    /**
     * Starts the processors with /metrics over TLS and behind basic auth where {@code metricsWeb} says so.
     *
     * @param metricsWeb null for plain, open HTTP on {@code metricsBind}
     */
    public static TailwatchProcessors start(ProcessorSettings settings, String metricsBind, int metricsPort, MetricsWebConfig metricsWeb,
                                            int partitions) throws IOException {
        try (Admin admin = admin(settings.bootstrapServers(), settings.client())) {
            ensureTopics(admin, settings.bootstrapServers(), partitions, Topics.all().stream().map(TopicSpec::name).toList(),
                    (topic, refusal) -> AccessRefusedException.topic(topic, refusal, settings));
            requireCoPartitioned(admin, settings.bootstrapServers(), INPUTS);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        // Closed with the processors: it listens to the JVM's GC notifications, and an unclosed one kept every
        // closed instance's registry (and through its gauges the analysis state) reachable.
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        TailwatchMetrics metrics = new TailwatchMetrics(registry);
        // The endpoint first: a port in use then fails before any Kafka client exists that would need closing.
        MetricsServer server = MetricsServer.start(registry, metricsBind, metricsPort, metricsWeb);
        KafkaStreams streams;
        try {
            Properties props = streamsProperties(settings);
            props.put(DeadLetterProductionHandler.METRICS_CONFIG, metrics);
            streams = new KafkaStreams(TailwatchTopology.build(settings, metrics), props);
        } catch (RuntimeException e) {
            server.close();
            gcMetrics.close();
            throw e;
        }
        AtomicReference<AccessRefusedException> refused = new AtomicReference<>();
        streams.setUncaughtExceptionHandler(uncaughtExceptionHandler(settings, refused));
        streams.setGlobalStateRestoreListener(new RestoreProgress(registry));
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
        return new TailwatchProcessors(streams, server, streamsMetrics, gcMetrics, metrics, refused);
    }

    /**
     * Replaces a failed stream thread, except when Kafka refused the principal: a missing ACL or refused credentials
     * fail a replaced thread again at once, forever, so the handler stops this instance and keeps the refusal in
     * {@code refused} for {@link #refused()}. Only this client: other instances of the application may be granted.
     */
    static StreamsUncaughtExceptionHandler uncaughtExceptionHandler(ProcessorSettings settings,
                                                                    AtomicReference<AccessRefusedException> refused) {
        return e -> {
            Optional<AccessRefusedException> refusal = AccessRefusedException.in(e, settings);
            if (refusal.isPresent()) {
                refused.compareAndSet(null, refusal.get());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            // Anything else may pass (a broker restarting, a fenced producer): replace the thread, keep the processor.
            // Logged here, whole, because the CLI silences Kafka Streams' own report of the handler's answer, which
            // would put a stack trace beside a refusal's one line.
            LoggerFactory.getLogger(TailwatchProcessors.class).error("a stream thread failed and is replaced", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        };
    }

    static Properties streamsProperties(ProcessorSettings settings) {
        // First, so that what follows is tailwatch's own; the file cannot weaken it either (ClientConfigFile refuses that).
        // Unprefixed, Kafka Streams gives these to its consumers, producers and admin client alike.
        Properties p = settings.client().applyTo(new Properties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        // Kafka Streams commits on its own at the backlog interval; live input asks for its commits sooner (CommitPacer).
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.backlogCommitInterval().toMillis());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) settings.transactionTimeout().toMillis());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        // A crashed instance's partitions move after the session timeout: 6 s (the brokers' default minimum)
        // instead of 45 s, so a replacement resumes within seconds. A stopped instance leaves at once (close).
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_500);
        // There is no global state; enabling the handler there is what Kafka 5.0 will do. Kafka 4.3's partition assignor
        // builds its own copy of the configuration without this key and still logs the warning once per start.
        p.put("processing.exception.handler.global.enabled", true);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix("max.request.size"), Math.max(TopicSpec.MAX_RECORD_BYTES, settings.maxRecordBytes() + (1 << 16)));
        // The consumer keeps its default fetch sizes (1 MiB per partition, 50 MiB per fetch): a record larger than
        // those still comes, alone (KIP-74), so the record limit need not be the fetch size. A 16 MiB fetch size
        // made each fetch response up to 50 MiB, read while holding the consumer's network lock, and the stream
        // thread waited ~150 ms at a time for the heartbeat thread to finish reading one.
        return p;
    }

    /** The topics one run's records arrive on: they must be co-partitioned. */
    private static final List<String> INPUTS = List.of(Topics.RUNS.name(), Topics.NOISE.name(), Topics.METRICS.name());

    /** Creates the catalogue's topics that do not exist yet. */
    public static void ensureTopics(String bootstrapServers, int partitions) {
        ensureTopics(bootstrapServers, ClientConfigFile.none(), partitions);
    }

    /**
     * Creates the catalogue's topics that do not exist yet, as a publisher (train, simulate, import) with a secured
     * cluster's client settings: its principal must be allowed the input topics; the output topics are the
     * processors' to create, so a refusal there is left to them.
     */
    public static void ensureTopics(String bootstrapServers, ClientConfigFile client, int partitions) {
        try (Admin admin = admin(bootstrapServers, client)) {
            ensureTopics(admin, bootstrapServers, partitions, INPUTS, (topic, refusal) -> new IllegalStateException(
                    "this client's principal may not create or describe topic " + topic + " on " + bootstrapServers + " ("
                            + refusal.getMessage() + "); grant its role's ACLs (docs/SECURITY.md) or create the topics as an admin",
                    refusal));
        }
    }

    /**
     * Refuses input topics with different partition counts: Kafka Streams would run, but a run's noise, metrics
     * and run info would then land in different tasks, each analysing part of the run.
     */
    static void requireCoPartitioned(String bootstrapServers, List<String> inputs) {
        try (Admin admin = admin(bootstrapServers, ClientConfigFile.none())) {
            requireCoPartitioned(admin, bootstrapServers, inputs);
        }
    }

    private static Admin admin(String bootstrapServers, ClientConfigFile client) {
        Properties p = client.applyTo(new Properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return Admin.create(p);
    }

    /**
     * @param required topics whose creation this principal must be allowed
     * @param refused  the error for a required topic this principal may not create, from its name and Kafka's refusal
     */
    private static void ensureTopics(Admin admin, String bootstrapServers, int partitions, List<String> required,
                                     BiFunction<String, Throwable, RuntimeException> refused) {
        try {
            List<NewTopic> topics = Topics.newTopics(partitions, (short) 1);
            for (var created : admin.createTopics(topics).values().entrySet()) {
                try {
                    created.getValue().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthorizationException) {
                        if (!required.contains(created.getKey())) {
                            continue;   // another role's topic: a publisher leaves the outputs to the processors
                        }
                        // On a secured cluster: say which permission is missing, not just "Authorization failed".
                        throw refused.apply(created.getKey(), e.getCause());
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey() + " on " + bootstrapServers
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void requireCoPartitioned(Admin admin, String bootstrapServers, List<String> inputs) {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(inputs).allTopicNames().get();
            Map<String, Integer> counts = new TreeMap<>();
            described.forEach((name, d) -> counts.put(name, d.partitions().size()));
            if (new HashSet<>(counts.values()).size() > 1) {
                throw new TopicLayoutException("the input topics are not co-partitioned (" + counts.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                        + " partitions): a run's records must meet in one task; recreate them with one partition count");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the input topics on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topics", e);
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Why Kafka Streams stopped this instance, when Kafka refused its principal (a missing ACL, refused credentials):
     * unlike other failures, that stops the processors instead of replacing their thread. Empty while none was refused.
     */
    public Optional<AccessRefusedException> refused() {
        return Optional.ofNullable(refused.get());
    }

    /** Waits until the streams are running (or the timeout passes); returns whether they are. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public String metricsUrl() {
        return metricsServer.url();
    }

    public TailwatchMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        // Leaving the group hands this instance's partitions to the others now instead of after the session timeout.
        if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)))) {
            // Said, not hidden: a stream thread that did not stop keeps its CPU and connections until the JVM exits.
            LoggerFactory.getLogger(TailwatchProcessors.class).error(
                    "Kafka Streams did not stop within 30 s; its threads may still be running (state {})", streams.state());
        }
        streamsMetrics.close();
        metricsServer.close();
        gcMetrics.close();
    }
}
