package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.broker.SharedTestBroker;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tailwatch train} on the shipped digits against a real broker: every record of the run arrives. */
class TrainCommandIT {

    @TempDir
    Path temp;

    @Test
    void trainsOnTheShippedDigitsAndPublishesTheWholeRun() throws Exception {
        String bootstrap = SharedTestBroker.bootstrapServers();
        String run = SharedTestBroker.uniqueName("train-it");
        CliRun result = CliRun.of("train", "--bootstrap", bootstrap, "--run", run, "--iterations", "40", "--probe", "exact",
                "--every", "10", "--probe-batches", "4", "--coords", "200", "--width", "32", "--journal", temp.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("40 of 40 iterations"), result.out());

        List<RunInfo> infos = RunRecords.read(KafkaTarget.plain(bootstrap), Topics.RUNS.name(), run).stream()
                .map(r -> Topics.RUNS.valueSerde().decode(r.value())).toList();
        assertEquals(List.of(RunStatus.STARTED, RunStatus.FINISHED), infos.stream().map(RunInfo::getStatus).toList());
        assertEquals(3, infos.get(0).getLayers().size(), "dense0, dense1, output");
        assertEquals(200, infos.get(0).getLayers().get(0).getTrackedCoordinates().size());

        List<NoiseSample> noise = RunRecords.read(KafkaTarget.plain(bootstrap), Topics.NOISE.name(), run).stream()
                .map(r -> Topics.NOISE.valueSerde().decode(r.value())).toList();
        assertEquals(4 * 3, noise.size(), "probes at 0, 10, 20, 30 × 3 layers");
        assertEquals(40, RunRecords.read(KafkaTarget.plain(bootstrap), Topics.METRICS.name(), run).size());
    }
}
