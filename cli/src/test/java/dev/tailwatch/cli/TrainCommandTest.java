package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments and unreadable data stop {@code tailwatch train} before training, naming the problem. */
class TrainCommandTest {

    @TempDir
    Path temp;

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

    @Test
    void aCsvOfOneRowIsOneLineNamingTheDataset() throws Exception {
        Path csv = Files.writeString(temp.resolve("one.csv"), "0,0.1,0.2\n");
        CliRun run = train("--dataset", "csv:" + csv);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().startsWith("tailwatch train: --dataset csv:" + csv + ": 1 example; training needs at least 2"), run.err());
    }

    @Test
    void aBatchLargerThanTheTrainingSplitOfASmallCsvIsNamedBeforeTraining() throws Exception {
        Path csv = Files.writeString(temp.resolve("two.csv"), "0,0.1,0.2\n1,0.3,0.4\n");
        CliRun run = train("--dataset", "csv:" + csv);
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(List.of("tailwatch train: --batch 64 is larger than the 1 training examples of csv:" + csv
                + " (2 examples, 1 held out by --test-fraction 0.2); use --batch 1 or less, or give more rows"), List.of(run.errLines()));
    }

    @Test
    void aBatchLargerThanTheTrainingSplitIsNamedBeforeTheBrokerIsAsked() {
        CliRun run = train("--batch", "9000");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().length, run.err());
        assertTrue(run.err().contains("--batch 9000 is larger than the 8000 training examples of mnist"), run.err());
    }

    @Test
    void theExactProbesFixedMinibatchesMustFitInTheTrainingSplit() {
        CliRun run = train("--probe", "exact", "--batch", "1000", "--probe-batches", "9");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--probe-batches × --batch = 9000 exceeds the 8000 training examples of mnist"), run.err());
    }
}
