package dev.tailwatch.bench.faults;

import java.util.List;

/**
 * Size and pacing of the simulated run, and the scenarios to run against it.
 *
 * @param runs            simulated runs; each gets its own partition, so a rebalance always moves some run
 * @param layers          layers per run
 * @param iterations      iterations per run
 * @param valuesPerLayer  tracked values per noise sample
 * @param pacedSeconds    how long publishing the paced part of the input takes (everything outside the burst)
 * @param burstFrom       fraction of the input where the unthrottled burst starts (heavy load for a fault)
 * @param burstTo         fraction where it ends
 * @param scenarioTimeoutSeconds how long a scenario may take to process all input before it is reported incomplete
 * @param scenarios       the scenarios, in order; the reference run comes before them
 */
record HarnessConfig(int runs, int layers, int iterations, int valuesPerLayer, double pacedSeconds,
                     double burstFrom, double burstTo, int scenarioTimeoutSeconds, List<Scenario> scenarios) {

    /** The accuracy jump of every run, as a fraction of its iterations: jump events must occur. */
    static final double JUMP_AT = 0.6;

    HarnessConfig {
        if (runs < 1 || layers < 1 || iterations < 100 || valuesPerLayer < 40 || valuesPerLayer % 10 != 0) {
            throw new IllegalArgumentException("need runs ≥ 1, layers ≥ 1, iterations ≥ 100 and values per layer ≥ 40, a multiple of 10");
        }
        if (!(0 <= burstFrom && burstFrom <= burstTo && burstTo <= 1)) {
            throw new IllegalArgumentException("burst must satisfy 0 ≤ from ≤ to ≤ 1");
        }
        scenarios = List.copyOf(scenarios);
    }

    /** The CI configuration: one scenario of each kind, the kill -9 one with three kills. */
    static HarnessConfig quick() {
        return new HarnessConfig(4, 3, 1000, 500, 12, 0.45, 0.75, 300, List.of(
                Scenario.CONTROL,
                Scenario.KILL_THREE_TIMES,
                Scenario.SIGTERM_RESTART,
                Scenario.JOIN,
                Scenario.LEAVE,
                Scenario.BROKER_RESTART));
    }

    /**
     * The documented configuration: a longer run with more layers, each kill -9 point in a scenario of its own
     * (the quick configuration's three-kill scenario strikes at the same points, one after another).
     */
    static HarnessConfig full() {
        return new HarnessConfig(4, 4, 1500, 500, 20, 0.45, 0.75, 400, List.of(
                Scenario.CONTROL,
                Scenario.KILL_EARLY,
                Scenario.KILL_UNDER_LOAD,
                Scenario.KILL_LATE,
                Scenario.SIGTERM_RESTART,
                Scenario.JOIN,
                Scenario.LEAVE,
                Scenario.BROKER_RESTART));
    }

    HarnessConfig withScenarios(List<Scenario> chosen) {
        return new HarnessConfig(runs, layers, iterations, valuesPerLayer, pacedSeconds, burstFrom, burstTo,
                scenarioTimeoutSeconds, chosen);
    }

    /** Noise samples the processors receive in all. */
    long noiseRecords() {
        return (long) runs * layers * iterations;
    }

    /**
     * α records an undisturbed run writes: per noise sample its iteration and rolling α, per iteration the
     * network-wide iteration and rolling α.
     */
    long expectedAlphaRecords() {
        return (long) runs * iterations * (2L * layers + 2);
    }

    /** Layer-statistics windows: one per layer and 20 iterations (ten rows per sample fill a window's minimum). */
    long expectedLayerStatsRecords() {
        return (long) runs * layers * (iterations / 20);
    }
}
