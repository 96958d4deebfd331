package dev.tailwatch.bench.faults;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A fault scenario: how many processor instances start, and which faults strike when the processors have
 * committed a given fraction of the input.
 */
record Scenario(String name, int initialInstances, List<Fault> faults, String description) {

    enum Kind {
        /** {@code kill -9} of the instance, and a replacement started at once on the same state directory. */
        KILL_RESTART("kill -9, restart on the same state dir"),
        /** SIGTERM (a clean stop), and a restart on the same state directory once it has exited. */
        TERM_RESTART("SIGTERM, restart on the same state dir"),
        /** A further instance with the same application id and its own state directory. */
        JOIN("a second instance joins"),
        /** SIGTERM of the newest instance; the others go on. */
        LEAVE("an instance leaves (SIGTERM)"),
        /**
         * The broker stops cleanly, stays down for {@link ScenarioRunner#BROKER_DOWN} and starts again on the same data
         * directory and ports; the processors keep running.
         */
        BROKER_RESTART("broker down 15 s, restarted");

        final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /**
     * @param atProgress fraction of all input records the processors have committed when the fault strikes
     * @param minLag     input records published but not yet committed that the fault waits for (0 = none):
     *                   a fault under load strikes while a transaction is open on a backlog
     */
    record Fault(Kind kind, double atProgress, long minLag) {
        String describe() {
            return kind.words + " at " + Math.round(atProgress * 100) + " %" + (minLag > 0 ? " under load" : "");
        }
    }

    static final Scenario CONTROL = new Scenario("control", 1, List.of(),
            "no fault: a second undisturbed run, which must equal the reference");
    static final Scenario KILL_EARLY = new Scenario("kill9-early", 1,
            List.of(new Fault(Kind.KILL_RESTART, 0.2, 0)), "kill -9 at 20 % of the input, restart");
    static final Scenario KILL_UNDER_LOAD = new Scenario("kill9-load", 1,
            List.of(new Fault(Kind.KILL_RESTART, 0.5, 200)), "kill -9 during the burst with a backlog, restart");
    static final Scenario KILL_LATE = new Scenario("kill9-late", 1,
            List.of(new Fault(Kind.KILL_RESTART, 0.85, 0)), "kill -9 at 85 %, restart");
    static final Scenario KILL_THREE_TIMES = new Scenario("kill9-x3", 1,
            List.of(new Fault(Kind.KILL_RESTART, 0.2, 0), new Fault(Kind.KILL_RESTART, 0.5, 200),
                    new Fault(Kind.KILL_RESTART, 0.85, 0)),
            "kill -9 at 20 %, under load at 50 % and at 85 %, each time restarted");
    static final Scenario SIGTERM_RESTART = new Scenario("sigterm", 1,
            List.of(new Fault(Kind.TERM_RESTART, 0.4, 0)), "SIGTERM at 40 %, restart");
    static final Scenario JOIN = new Scenario("join", 1,
            List.of(new Fault(Kind.JOIN, 0.2, 0)), "a second instance joins at 20 %");
    static final Scenario LEAVE = new Scenario("leave", 2,
            List.of(new Fault(Kind.LEAVE, 0.4, 0)), "two instances from the start, one leaves at 40 %");
    static final Scenario BROKER_RESTART = new Scenario("broker-restart", 1,
            List.of(new Fault(Kind.BROKER_RESTART, 0.5, 200)),
            "broker stopped during the burst, with a backlog, down for 15 s, restarted on the same log and ports");

    static final List<Scenario> ALL = List.of(CONTROL, KILL_EARLY, KILL_UNDER_LOAD, KILL_LATE, KILL_THREE_TIMES,
            SIGTERM_RESTART, JOIN, LEAVE, BROKER_RESTART);

    /** The scenarios with these names, in the order given. */
    static List<Scenario> byNames(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(name -> ALL.stream()
                .filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--scenarios: unknown scenario '" + name + "'; known: "
                        + ALL.stream().map(Scenario::name).collect(Collectors.joining(", "))))).toList();
    }
}
