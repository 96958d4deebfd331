package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What every command shares, through the real command line: choices by name in any case, one duration
 * syntax, one name per meaning (--native-threads, --stream-threads, --metrics-bind; the old spellings still
 * parse), and refusals as one line with exit status 2.
 */
class CliConventionsTest {

    private static final String NO_BROKER = "127.0.0.1:1";

    @Test
    void choicesAreAcceptedInAnyCase() {
        // Settings pass, so the command gets as far as looking for the broker.
        CliRun run = CliRun.of("train", "--bootstrap", NO_BROKER, "--model", "FCN", "--loss", "Hinge", "--probe", "EXACT",
                "--iterations", "5");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot reach Kafka at " + NO_BROKER), run.err());
    }

    @Test
    void anUnknownChoiceNamesTheOptionAndTheChoices() {
        CliRun run = CliRun.of("simulate", "--bootstrap", NO_BROKER, "--run", "r", "--profile", "linear");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(List.of("tailwatch simulate: --profile 'linear' is not one of two-phase, constant (see 'tailwatch simulate --help')"),
                List.of(run.errLines()));
    }

    @Test
    void aProfileIsAcceptedInAnyCase() {
        CliRun run = CliRun.of("simulate", "--bootstrap", NO_BROKER, "--run", "r", "--profile", "Two-Phase", "--iterations", "5");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot reach Kafka at " + NO_BROKER), run.err());
    }

    @Test
    void everyDurationOptionReadsTheSameSyntax() {
        for (String[] args : List.of(new String[] {"process", "--stall-timeout"}, new String[] {"process", "--idle-eviction"},
                new String[] {"train", "--flush-timeout"}, new String[] {"demo", "--duration"})) {
            CliRun run = CliRun.of(args[0], args[1], "soon", "--bootstrap", NO_BROKER);
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(List.of("tailwatch " + args[0] + ": " + args[1] + " 'soon' is not a duration; use e.g. 90s, 5m or 1h "
                    + "(at most a year) (see 'tailwatch " + args[0] + " --help')"), List.of(run.errLines()));
        }
    }

    @Test
    void aDurationInMinutesIsAccepted() {
        CliRun run = CliRun.of("process", "--bootstrap", NO_BROKER, "--stall-timeout", "5m", "--idle-eviction", "3600");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot reach Kafka at " + NO_BROKER), run.err());
        assertEquals(Duration.ofMinutes(5), OptionConverters.DurationConverter.parse("5m"));
        assertEquals(Duration.ofHours(1), OptionConverters.DurationConverter.parse("3600"));
    }

    @Test
    void nativeThreadsAndStreamThreadsHaveTheirOwnNamesAndTheOldSpellingStillWorks() {
        CliRun train = CliRun.of("train", "--bootstrap", NO_BROKER, "--native-threads", "0");
        assertEquals(List.of("tailwatch train: --native-threads must be at least 1, was 0"), List.of(train.errLines()));
        CliRun oldTrain = CliRun.of("train", "--bootstrap", NO_BROKER, "--threads", "0");
        assertEquals(List.of("tailwatch train: --native-threads must be at least 1, was 0"), List.of(oldTrain.errLines()));

        CliRun process = CliRun.of("process", "--bootstrap", NO_BROKER, "--stream-threads", "0");
        assertEquals(List.of("tailwatch process: --partitions and --stream-threads must be positive"), List.of(process.errLines()));
        CliRun oldProcess = CliRun.of("process", "--bootstrap", NO_BROKER, "--threads", "0");
        assertEquals(List.of("tailwatch process: --partitions and --stream-threads must be positive"), List.of(oldProcess.errLines()));

        // The help gives each name one meaning: the old spelling is not shown.
        assertFalse(CliRun.of("train", "--help").out().contains("--threads"));
        assertFalse(CliRun.of("process", "--help").out().contains("--threads"));
    }

    @Test
    void demoAndProcessBindMetricsWithTheSameOption() {
        assertTrue(CliRun.of("demo", "--help").out().contains("--metrics-bind=ADDR"));
        assertTrue(CliRun.of("process", "--help").out().contains("--metrics-bind=ADDR"));
        assertFalse(CliRun.of("demo", "--help").out().contains("--bind="));
        DemoCommand demo = new DemoCommand();
        OptionConverters.register(new CommandLine(demo)).parseArgs("--bind", "0.0.0.0");
        assertEquals("0.0.0.0", demo.metricsBind(), "the demo's old --bind still sets it");
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("cannot create topic noise on B:\n  the cluster is gone");
        }
    }

    @Test
    void aFailureThatIsNotBadInputIsOneLineWithExitStatusOne() {
        CommandLine cli = TailwatchCommand.newCommandLine();
        cli.addSubcommand(new Boom());
        java.io.StringWriter err = new java.io.StringWriter();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertEquals(1, cli.execute("boom"));
        assertEquals("tailwatch boom: failed: cannot create topic noise on B: the cluster is gone (TAILWATCH_STACKTRACE=1 shows where)",
                err.toString().strip());
    }
}
