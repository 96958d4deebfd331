package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad arguments and unreadable data stop {@code tailwatch train} before training, naming the problem. */
class TrainCommandTest {

    private static CliRun train(String... extra) {
        String[] base = {"train", "--bootstrap", "127.0.0.1:1", "--iterations", "5"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void unknownModelIsNamed() {
        CliRun run = train("--model", "rnn");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--model 'rnn' is not one of fcn, cnn"), run.err());
    }

    @Test
    void unreadableDatasetIsNamed() {
        CliRun run = train("--dataset", "csv:/no/such/file.csv");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("/no/such/file.csv: no such file or folder"), run.err());
    }

    @Test
    void exactProbeNeedsTwoBatches() {
        CliRun run = train("--probe", "exact", "--probe-batches", "1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--probe-batches must be at least 2"), run.err());
    }

    @Test
    void theOldNameOfTheEmaProbeIsRefusedWithItsNewName() {
        CliRun run = train("--probe", "online");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--probe online is now called ema"), run.err());
    }

    @Test
    void theWindowProbesStepsMustFitInItsPeriod() {
        CliRun run = train("--probe", "window", "--every", "5", "--probe-batches", "8");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--probe-batches must be between 2 and --every (5), was 8"), run.err());
    }

    @Test
    void negativeLingerIsNamed() {
        CliRun run = train("--publish-linger-ms", "-1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--publish-linger-ms must be between 0 and 60000, was -1"), run.err());
    }

    @Test
    void unreachableBrokerIsNamedAfterTheSettingsPass() {
        CliRun run = train("--probe", "off");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("cannot reach Kafka at 127.0.0.1:1"), run.err());
    }
}
