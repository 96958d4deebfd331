package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.kafka.TailwatchProcessors;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export, import and simulate against a real broker, for the cases that used to succeed wrongly: an
 * unknown run left empty files, a second import duplicated the run, a damaged file was half loaded, and
 * an --alpha-path run ignored the path's length.
 */
class ArchiveCommandsIT {

    private static final int ITERATIONS = 50;
    private static final int LAYERS = 2;

    @TempDir
    Path temp;

    private final String bootstrap = SharedTestBroker.bootstrapServers();

    @Test
    void exportOfAnUnknownRunLeavesNoFiles() throws Exception {
        String run = SharedTestBroker.uniqueName("never-published");
        TailwatchProcessors.ensureTopics(bootstrap, 3);
        Path out = temp.resolve("export");
        CliRun export = CliRun.of("export", "--bootstrap", bootstrap, "--run", run, "--out", out.toString());
        assertEquals(2, export.exitCode());
        assertEquals(List.of("tailwatch export: run '" + run + "' has no records on " + bootstrap), List.of(export.errLines()));
        assertFalse(Files.exists(out), "no folder made for nothing");

        Path existing = Files.createDirectory(temp.resolve("existing"));
        CliRun into = CliRun.of("export", "--bootstrap", bootstrap, "--run", run, "--out", existing.toString());
        assertEquals(2, into.exitCode());
        try (Stream<Path> files = Files.list(existing)) {
            assertEquals(List.of(), files.toList(), "no empty .avro files");
        }
    }

    @Test
    void anAlphaPathRunIsAsLongAsThePathWithoutIterations() throws Exception {
        String run = SharedTestBroker.uniqueName("path-length");
        Path csv = Files.writeString(temp.resolve("path.csv"), "iteration,alpha\n0,1.8\n49,1.3\n");
        CliRun simulate = CliRun.of("simulate", "--bootstrap", bootstrap, "--run", run, "--alpha-path", csv.toString(),
                "--layers", "2", "--values-per-layer", "200");
        assertEquals(0, simulate.exitCode(), simulate.err());
        assertEquals("run " + run + ": 50 iterations × 2 layers × 200 values published to " + bootstrap,
                simulate.outLines()[simulate.outLines().length - 1]);
        assertEquals(100, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), run).size());
    }

    @Test
    void aRunIsImportedOnceAndAgainOnlyUnderAnotherId() throws Exception {
        String run = publishedRun("import-once");
        Path export = exported(run);
        int runs = RunRecords.read(KafkaTarget.plain(bootstrap), Topics.RUNS.name(), run).size();
        int metrics = RunRecords.read(KafkaTarget.plain(bootstrap), Topics.METRICS.name(), run).size();

        CliRun again = CliRun.of("import", "--bootstrap", bootstrap, "--input", export.toString());
        assertEquals(2, again.exitCode());
        assertEquals(List.of("tailwatch import: run '" + run + "' is already on " + bootstrap + " (records on " + Topics.RUNS.name()
                + "); importing it again would duplicate them — import it under another id with --as RUN"), List.of(again.errLines()));
        assertEquals(ITERATIONS * LAYERS, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), run).size(), "nothing duplicated");
        assertEquals(runs, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.RUNS.name(), run).size(), "nothing duplicated");

        String copy = run + "-copy";
        CliRun renamed = CliRun.of("import", "--bootstrap", bootstrap, "--input", export.toString(), "--as", copy);
        assertEquals(0, renamed.exitCode(), renamed.err());
        assertEquals(List.of("imported " + export.toAbsolutePath() + " into " + bootstrap + " as run " + copy + ": runs " + runs
                + ", noise " + ITERATIONS * LAYERS + ", metrics " + metrics), List.of(renamed.outLines()));
        assertEquals(ITERATIONS * LAYERS, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), copy).size());
        assertEquals(metrics, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.METRICS.name(), copy).size());
        assertTrue(RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), copy).stream()
                        .allMatch(r -> Topics.NOISE.valueSerde().decode(r.value()).getRunId().equals(copy)),
                "the records carry the new id, not only the keys");
        assertEquals(ITERATIONS * LAYERS, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), run).size(), "the original is untouched");

        CliRun copyAgain = CliRun.of("import", "--bootstrap", bootstrap, "--input", export.toString(), "--as", copy);
        assertEquals(2, copyAgain.exitCode());
        assertEquals(List.of("tailwatch import: run '" + copy + "' is already on " + bootstrap + " (records on " + Topics.RUNS.name()
                + "); importing it again would duplicate them — import it under another id with --as RUN"), List.of(copyAgain.errLines()));
    }

    @Test
    void aDamagedExportLoadsNothing() throws Exception {
        String run = publishedRun("damaged");
        Path export = exported(run);
        Path noise = export.resolve("noise.avro");
        try (RandomAccessFile file = new RandomAccessFile(noise.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        int runs = RunRecords.read(KafkaTarget.plain(bootstrap), Topics.RUNS.name(), run).size();
        int metrics = RunRecords.read(KafkaTarget.plain(bootstrap), Topics.METRICS.name(), run).size();
        CliRun cut = CliRun.of("import", "--bootstrap", bootstrap, "--input", export.toString());
        assertEquals(2, cut.exitCode());
        assertEquals(1, cut.errLines().length, cut.err());
        assertTrue(cut.errLines()[0].startsWith("tailwatch import: " + noise + ": truncated or damaged: "), cut.err());
        assertEquals(ITERATIONS * LAYERS, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), run).size(), "no noise record loaded");
        assertEquals(runs, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.RUNS.name(), run).size(), "nor any of the intact files");
        assertEquals(metrics, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.METRICS.name(), run).size(), "nor any of the intact files");
    }

    @Test
    void exportToAnOutUnderAFileSaysWhy() throws Exception {
        String run = publishedRun("export-out");
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Path out = file.resolve("export");
        CliRun underAFile = CliRun.of("export", "--bootstrap", bootstrap, "--run", run, "--out", out.toString());
        assertEquals(2, underAFile.exitCode());
        assertEquals(List.of("tailwatch export: --out " + out + ": " + file + " is a file, not a folder"), List.of(underAFile.errLines()));
    }

    private String publishedRun(String base) throws Exception {
        String run = SharedTestBroker.uniqueName(base);
        TailwatchProcessors.ensureTopics(bootstrap, 3);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.reliableProducer(KafkaTarget.plain(bootstrap))) {
            new SimulationPublisher(producer, run, new SyntheticRun(AlphaPath.twoPhase(ITERATIONS), LAYERS, 200, -1, 7))
                    .publish(ITERATIONS, 0, () -> false, (i, a, l, c) -> { });
        }
        assertEquals(ITERATIONS * LAYERS, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), run).size());
        return run;
    }

    private Path exported(String run) {
        Path export = temp.resolve("export-" + run);
        CliRun exported = CliRun.of("export", "--bootstrap", bootstrap, "--run", run, "--out", export.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        return export;
    }
}
