package dev.tailwatch.math.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.AlphaResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Detector quality on synthetic runs with known change points: false alarms on stationary runs and
 * detection delay of known changes, printed as a table (copied into docs/PERFORMANCE.md).
 */
class DetectorQualityTest {

    private static final int K = 5_000;
    private static final int STATIONARY_ITERATIONS = 5_000;

    @Test
    void stationaryRunsOf5000IterationsRaiseNoAlphaEvent() {
        List<String> report = new ArrayList<>();
        int totalEvents = 0;
        for (double alpha : new double[] {1.5, 1.9}) {
            SyntheticAlphaSeries series = new SyntheticAlphaSeries(it -> alpha, K, (long) (alpha * 10));
            CusumDetector cusum = new CusumDetector(CusumDetector.Parameters.defaults());
            PhaseTracker phases = new PhaseTracker(PhaseTracker.Parameters.defaults());
            int events = 0;
            for (long it = 0; it < STATIONARY_ITERATIONS; it++) {
                AlphaResult r = series.at(it);
                events += cusum.observe(it, r.alpha(), r.stderr()).isPresent() ? 1 : 0;
                events += phases.observe(it, r.alpha()).isPresent() ? 1 : 0;
            }
            totalEvents += events;
            report.add(String.format("stationary α=%.1f, K=%d, %d iterations: %d α events (%.1f per 10,000 iterations)",
                    alpha, K, STATIONARY_ITERATIONS, events, events * 10_000.0 / STATIONARY_ITERATIONS));
        }
        report.forEach(System.out::println);
        assertEquals(0, totalEvents, String.join("\n", report));
    }

    @Test
    void aStepDropIsDetectedWithinABoundedDelay() {
        List<String> report = new ArrayList<>();
        for (double[] step : new double[][] {{1.7, 1.4}, {1.8, 1.6}, {1.5, 1.2}}) {
            long changeAt = 400;
            SyntheticAlphaSeries series = new SyntheticAlphaSeries(it -> it < changeAt ? step[0] : step[1], K, 3);
            CusumDetector cusum = new CusumDetector(CusumDetector.Parameters.defaults());
            Optional<Change> first = Optional.empty();
            int falseAlarms = 0;
            for (long it = 0; it < changeAt + 200 && first.isEmpty(); it++) {
                AlphaResult r = series.at(it);
                Optional<Change> c = cusum.observe(it, r.alpha(), r.stderr());
                if (c.isPresent() && it < changeAt) {
                    falseAlarms++;
                } else if (c.isPresent()) {
                    first = c;
                }
            }
            assertEquals(0, falseAlarms);
            assertTrue(first.isPresent(), "step " + step[0] + " → " + step[1] + " not detected");
            Change drop = first.get();
            long delay = drop.iteration() - changeAt;
            report.add(String.format("step α %.1f → %.1f at %d, K=%d: ALPHA_DROP after %d iterations (before %.3f, after %.3f, dated %d)",
                    step[0], step[1], changeAt, K, delay, drop.before(), drop.after(), drop.since()));
            assertEquals(Change.Kind.ALPHA_DROP, drop.kind());
            assertTrue(delay <= 25, "delay " + delay);
            assertEquals(step[0], drop.before(), 0.03);
            assertEquals(step[1], drop.after(), 0.08);
            assertTrue(Math.abs(drop.since() - changeAt) <= 10, "dated " + drop.since());
        }
        report.forEach(System.out::println);
    }

    @Test
    void aTwoPhasePathGivesOneDropAndAPhaseChangeNearItsEnd() {
        // 1.85 falling linearly to 1.25 by iteration 300, then flat: the seed paper's two phases.
        SyntheticAlphaSeries series = new SyntheticAlphaSeries(it -> it < 300 ? 1.85 - 0.6 * it / 300.0 : 1.25, K, 11);
        CusumDetector cusum = new CusumDetector(CusumDetector.Parameters.defaults());
        PhaseTracker phases = new PhaseTracker(PhaseTracker.Parameters.defaults());
        List<Change> changes = new ArrayList<>();
        for (long it = 0; it < 1500; it++) {
            AlphaResult r = series.at(it);
            cusum.observe(it, r.alpha(), r.stderr()).ifPresent(changes::add);
            phases.observe(it, r.alpha()).ifPresent(changes::add);
        }
        changes.forEach(c -> System.out.println("two-phase: " + c.kind() + " at " + c.iteration() + ": " + c.description()));
        List<Change> drops = changes.stream().filter(c -> c.kind() == Change.Kind.ALPHA_DROP).toList();
        List<Change> phaseChanges = changes.stream().filter(c -> c.kind() == Change.Kind.PHASE_CHANGE).toList();
        assertEquals(1, drops.size(), changes.toString());
        assertTrue(drops.get(0).iteration() < 300, "the drop is reported during the first phase");
        assertEquals(1, phaseChanges.size(), changes.toString());
        long at = phaseChanges.get(0).iteration();
        assertTrue(at >= 300 && at <= 420, "phase change reported at " + at);
        assertTrue(changes.stream().noneMatch(c -> c.kind() == Change.Kind.ALPHA_RISE), changes.toString());
    }

    /**
     * False phase changes: a flat path, a slowly wandering one, and a steady fall whose slope sits at the
     * tracker's detection threshold (t ≈ −t0, as in the simulated demo run) before it flattens. On the last one
     * the real changes are the fall (when it is first taken for STABLE) and its end; a tracker without hysteresis
     * flipped FALLING ↔ STABLE every time t crossed −t0 and back (10 changes on this path).
     */
    @Test
    void phaseChangesAreRareOnFlatWanderingAndThresholdSlopePaths() {
        int iterations = 20_000;
        List<String> report = new ArrayList<>();
        int[] flat = phaseChanges(it -> 1.5, iterations, 21);
        int[] wandering = phaseChanges(it -> 1.5 + 0.15 * Math.sin(2 * Math.PI * it / 6_000.0), iterations, 22);
        // 0.9 per 1,000 iterations: with α̂'s noise at K = 5,000 (sd ≈ 0.05) the slope over the W = 100 fit window
        // has a standard error of ≈ 0.2 per 1,000, so t ≈ −4.5 and crosses −t0 = −4 back and forth for the whole fall.
        int fallLength = 800;
        int[] threshold = phaseChanges(it -> it < fallLength ? 1.8 - 0.9e-3 * it : 1.8 - 0.9e-3 * fallLength, 4_000, 23);
        report.add(String.format("flat α = 1.5, %d iterations: %d phase changes (%.1f per 10,000 iterations)",
                iterations, flat[0], flat[0] * 10_000.0 / iterations));
        report.add(String.format("wandering 1.5 ± 0.15, period 6,000, %d iterations: %d phase changes (%.1f per 10,000 iterations)",
                iterations, wandering[0], wandering[0] * 10_000.0 / iterations));
        report.add(String.format("fall at 0.9 per 1,000 iterations for %d iterations, then flat: %d phase changes (the fall and its end are real), last at %d",
                fallLength, threshold[0], threshold[1]));
        report.forEach(System.out::println);
        String all = String.join("\n", report);
        assertEquals(0, flat[0], all);
        assertEquals(0, wandering[0], all);
        // At most the start of the fall (when the first confirmed trend was STABLE: the fall sits at the detection
        // threshold) and its end; without hysteresis there were 10.
        assertTrue(threshold[0] >= 1 && threshold[0] <= 2, all);
        assertTrue(threshold[1] >= fallLength && threshold[1] <= fallLength + 200, all);
    }

    /** Phase changes the tracker reports on a path, and the iteration of the last one. */
    private static int[] phaseChanges(java.util.function.LongToDoubleFunction path, int iterations, long seed) {
        SyntheticAlphaSeries series = new SyntheticAlphaSeries(path, K, seed);
        PhaseTracker phases = new PhaseTracker(PhaseTracker.Parameters.defaults());
        int count = 0;
        long last = -1;
        for (long it = 0; it < iterations; it++) {
            AlphaResult r = series.at(it);
            Optional<Change> c = phases.observe(it, r.alpha());
            if (c.isPresent()) {
                count++;
                last = it;
                System.out.println("  phase change at " + it + ": " + c.get().description());
            }
        }
        return new int[] {count, (int) last};
    }
}
