package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.EmbeddedKafkaBroker;
import dev.tailwatch.broker.SecureBrokerFiles;
import dev.tailwatch.broker.SecureBrokerFiles.Role;
import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.client.ClientConfigFile;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.kafka.ProcessorSettings;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a secured broker (SASL_SSL, SCRAM, ACLs), each command with its role's client file:
 * simulate (trainer) → processors → replay, export (reader) → import (trainer), with the same α records as the
 * same run on a plain broker; and each way of getting the security wrong fails fast with one line.
 */
class SecuredPipelineIT {

    private static final int ITERATIONS = 120;
    private static final int LAYERS = 2;

    @TempDir
    static Path temp;
    private static EmbeddedKafkaBroker broker;
    private static SecureBrokerFiles files;

    @BeforeAll
    static void startSecuredBroker() {
        files = SecureBrokerFiles.prepare(temp.resolve("secure"));
        broker = EmbeddedKafkaBroker.builder().secure(files, BrokerCommand.roleAcls()).build().start();
        broker.createTopics(Topics.newTopics((short) 1));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static String file(Role role) {
        return files.roleFile(role).toString();
    }

    private static KafkaTarget as(Role role) {
        return new KafkaTarget(broker.bootstrapServers(), ClientConfigFile.load(files.roleFile(role), role.user()));
    }

    @Test
    void theSecuredPipelineGivesTheSameAlphaAsAPlainBroker() throws Exception {
        String run = "secured-run";
        List<String> secured = alphaOf(as(Role.TRAINER), as(Role.PROCESSORS), as(Role.READER), run, file(Role.TRAINER));
        String plainRun = SharedTestBroker.uniqueName("plain-twin");
        KafkaTarget plain = KafkaTarget.plain(SharedTestBroker.bootstrapServers());
        List<String> reference = alphaOf(plain, plain, plain, plainRun, null);
        assertEquals(ITERATIONS * (LAYERS + 1) * 2, secured.size(), "per-iteration and rolling α for every layer and 'all'");
        assertEquals(reference, secured, "the same α records as on a plain broker");

        CliRun replayed = CliRun.of("replay", "--bootstrap", broker.bootstrapServers(), "--client-config", file(Role.READER),
                "--run", run, "--out", temp.resolve("report").toString());
        assertEquals(0, replayed.exitCode(), replayed.err());
        assertTrue(replayed.out().contains(secured.size() + " α records"), replayed.out());

        Path export = temp.resolve("export");
        CliRun exported = CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--client-config", file(Role.READER),
                "--run", run, "--out", export.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        CliRun imported = CliRun.of("import", "--bootstrap", broker.bootstrapServers(), "--client-config", file(Role.TRAINER),
                "--input", export.toString(), "--as", run + "-copy");
        assertEquals(0, imported.exitCode(), imported.err());
        assertEquals(ITERATIONS * LAYERS, RunRecords.read(as(Role.READER), Topics.NOISE.name(), run + "-copy").size());

        CliRun watched = CliRun.of("watch", "--bootstrap", broker.bootstrapServers(), "--client-config", file(Role.READER),
                "--topic", "alpha", "--run", run, "--from-beginning", "--until-idle", "3", "--json");
        assertEquals(0, watched.exitCode(), watched.err());
        assertEquals(secured.size(), watched.out().lines().filter(l -> l.startsWith("{")).count(), "every α record, as JSON lines");

        // A short DL4J run published with the trainer's file.
        CliRun trained = CliRun.of("train", "--bootstrap", broker.bootstrapServers(), "--client-config", file(Role.TRAINER),
                "--run", "secured-train", "--iterations", "20", "--every", "10", "--coords", "100", "--width", "16",
                "--journal", temp.resolve("journal").toString());
        assertEquals(0, trained.exitCode(), trained.err());
        assertEquals(20, RunRecords.read(as(Role.READER), Topics.METRICS.name(), "secured-train").size());
    }

    /** Simulates the run with the trainer's settings, analyses it with the processors' and reads the α records as the reader. */
    private static List<String> alphaOf(KafkaTarget trainer, KafkaTarget processors, KafkaTarget reader, String run, String trainerFile)
            throws Exception {
        ProcessorSettings settings = new ProcessorSettings(processors.servers(), ProcessorSettings.DEFAULT_APPLICATION_ID + "-" + run,
                Files.createTempDirectory(temp, "state"), AnalysisConfig.defaults(), ProcessorSettings.DEFAULT_MAX_RECORD_BYTES,
                Duration.ofMinutes(10), Duration.ofMinutes(10), 1, 0, processors.client());
        try (TailwatchProcessors live = TailwatchProcessors.start(settings, "127.0.0.1", 0, 1)) {
            assertTrue(live.awaitRunning(Duration.ofSeconds(60)));
            List<String> args = new java.util.ArrayList<>(List.of("simulate", "--bootstrap", trainer.servers(), "--run", run,
                    "--profile", "two-phase", "--iterations", Integer.toString(ITERATIONS), "--layers", Integer.toString(LAYERS), "--values-per-layer", "500",
                    "--seed", "7"));
            if (trainerFile != null) {
                args.addAll(List.of("--client-config", trainerFile));
            }
            CliRun simulated = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, simulated.exitCode(), simulated.err());
            int expected = ITERATIONS * (LAYERS + 1) * 2;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            List<String> alpha;
            do {
                Thread.sleep(300);
                alpha = RunRecords.read(reader, Topics.ALPHA.name(), run).stream()
                        .map(r -> describe(Topics.ALPHA.valueSerde().decode(r.value()))).toList();
            } while (alpha.size() < expected && System.nanoTime() < deadline);
            return alpha;
        }
    }

    /** An α record without its run id: what must be equal between the secured and the plain run. */
    private static String describe(AlphaEstimate a) {
        return a.getIteration() + " " + a.getLayer() + " " + a.getScope() + " " + a.getAlpha() + " " + a.getStderr();
    }

    @Test
    void aWrongPasswordIsOneLineWithinSeconds() throws Exception {
        Path bad = withWrongPassword(Role.TRAINER, "wrong-password.properties");
        long start = System.nanoTime();
        assertOneLineFailure(simulate(bad.toString()), "refused the credentials in " + bad);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(), "within 30 s");
    }

    @Test
    void aMissingTruststoreIsOneLine() throws Exception {
        Path bad = temp.resolve("no-truststore.properties");
        Files.writeString(bad, Files.readString(files.roleFile(Role.TRAINER)).replace(files.dir().resolve("truststore.p12").toString(),
                temp.resolve("nowhere.p12").toString()));
        assertOneLineFailure(simulate(bad.toString()), "cannot make a Kafka client with " + bad);
    }

    @Test
    void aPrincipalWithoutTheRolesAclsIsOneLine() {
        // The reader may read the topics but not publish a run.
        assertOneLineFailure(simulate(file(Role.READER)), "may not create or describe topic tailwatch.runs");
    }

    @Test
    void aPlaintextClientAgainstTheTlsListenerIsOneLine() {
        assertOneLineFailure(CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--run", "r", "--out",
                temp.resolve("plain-export").toString()), "a secured cluster needs --client-config FILE");
    }

    @Test
    void aFileThatWouldWeakenAPromiseIsRefusedByName() throws Exception {
        Path weak = temp.resolve("weak.properties");
        Files.writeString(weak, Files.readString(files.roleFile(Role.TRAINER)) + "\nacks=1\n");
        CliRun result = simulate(weak.toString());
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(List.of("tailwatch simulate: --client-config " + weak + ": key 'acks' would weaken what tailwatch promises "
                + "(it needs acks=all); remove it from the file"), result.err().lines().toList());
    }

    /**
     * The processors' principal with an application id its ACLs do not cover: Kafka refuses the consumer group on the
     * stream thread, where a replaced thread would be refused again forever. The packaged command, as a user runs it
     * (its own JVM and logging): exit 2 within 30 s, stderr exactly one line, no stack trace.
     */
    @Test
    void processorsRefusedTheirGroupStopWithOneLineInsteadOfRetrying() throws Exception {
        Path processors = files.roleFile(Role.PROCESSORS);
        Packaged result = packaged("process", "--bootstrap", broker.bootstrapServers(), "--client-config", processors.toString(),
                "--application-id", "not-granted", "--metrics-port", "0", "--state-dir", temp.resolve("not-granted").toString());
        assertPackagedOneLine(result, "tailwatch process: Kafka at " + broker.bootstrapServers() + " refused consumer group not-granted"
                + " to the principal User:processors of " + processors + " (Not authorized to access group: not-granted); grant it with:"
                + " kafka-acls --bootstrap-server " + broker.bootstrapServers() + " --command-config ADMIN.properties --add"
                + " --allow-principal User:processors --operation Read --operation Describe --resource-pattern-type prefixed"
                + " --group not-granted (docs/SECURITY.md)");
    }

    /** Another role's file for the processors: refused before Kafka Streams starts, told which file to use. */
    @Test
    void processorsWithTheReadersFileAreToldTheGrantAndTheRoleFile() throws Exception {
        Path reader = files.roleFile(Role.READER);
        Packaged result = packaged("process", "--bootstrap", broker.bootstrapServers(), "--client-config", reader.toString(),
                "--metrics-port", "0", "--state-dir", temp.resolve("reader-state").toString());
        assertPackagedOneLine(result, "tailwatch process: Kafka at " + broker.bootstrapServers() + " refused output topic tailwatch.alpha"
                + " to the principal User:reader of " + reader + " (Authorization failed.); grant it with: kafka-acls --bootstrap-server "
                + broker.bootstrapServers() + " --command-config ADMIN.properties --add --allow-principal User:reader --operation Write"
                + " --operation Describe --operation Create --operation DescribeConfigs --topic tailwatch.alpha --topic tailwatch.events"
                + " --topic tailwatch.layer-stats --topic tailwatch.dlq (docs/SECURITY.md), or use the processors' role file"
                + " (DIR/processors.properties of tailwatch broker --secure DIR)");
    }

    /** A wrong password, as a user sees it: Kafka's own authentication log lines must not come beside the command's line. */
    @Test
    void aWrongPasswordIsOneLineFromThePackagedCommand() throws Exception {
        Path bad = withWrongPassword(Role.PROCESSORS, "wrong-password-processors.properties");
        Packaged result = packaged("process", "--bootstrap", broker.bootstrapServers(), "--client-config", bad.toString(),
                "--metrics-port", "0", "--state-dir", temp.resolve("wrong-password-state").toString());
        assertPackagedOneLine(result, "tailwatch process: Kafka at " + broker.bootstrapServers() + " refused the credentials in " + bad
                + ": Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
    }

    private record Packaged(int exitCode, String err, Duration elapsed) {
    }

    /** Runs target/tailwatch.jar in its own JVM; a command still running after 45 s is killed and reported as such. */
    private static Packaged packaged(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of("target", "tailwatch.jar").toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        boolean ended = process.waitFor(45, java.util.concurrent.TimeUnit.SECONDS);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (!ended) {
            process.destroyForcibly().waitFor();
        }
        String stderr = Files.readString(err);
        assertTrue(ended, "still running after 45 s (a retry loop?): " + stderr.lines().limit(20).toList());
        System.out.printf("packaged %s: exit %d after %.1f s: %s%n", String.join(" ", args), process.exitValue(), elapsed.toMillis() / 1000.0,
                stderr.strip());
        return new Packaged(process.exitValue(), stderr, elapsed);
    }

    private static void assertPackagedOneLine(Packaged result, String expected) {
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(List.of(expected), result.err().lines().toList());
        assertTrue(result.elapsed().compareTo(Duration.ofSeconds(30)) < 0, "within 30 s: " + result.elapsed());
        assertFalse(result.err().contains("Exception"), result.err());
        assertTrue(result.err().lines().noneMatch(l -> l.strip().startsWith("at ")), result.err());
    }

    private static Path withWrongPassword(Role role, String name) throws Exception {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(files.roleFile(role))) {
            properties.load(in);
        }
        String jaas = properties.getProperty("sasl.jaas.config");
        properties.setProperty("sasl.jaas.config", jaas.replaceAll("password=\"[A-Za-z0-9]+\"", "password=\"wrong\""));
        assertFalse(jaas.equals(properties.getProperty("sasl.jaas.config")), "the password was replaced");
        Path bad = temp.resolve(name);
        try (var out = Files.newBufferedWriter(bad)) {
            properties.store(out, null);
        }
        return bad;
    }

    private static CliRun simulate(String clientConfig) {
        return CliRun.of("simulate", "--bootstrap", broker.bootstrapServers(), "--client-config", clientConfig, "--run", "denied",
                "--profile", "two-phase", "--iterations", "5", "--layers", "1", "--values-per-layer", "100");
    }

    private static void assertOneLineFailure(CliRun result, String expected) {
        assertTrue(result.exitCode() != 0, result.err());
        List<String> lines = result.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), result.err());
        assertTrue(lines.get(0).contains(expected), lines.get(0));
        assertFalse(result.err().contains("Exception"), result.err());
    }
}
