package dev.tailwatch.math.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.AlphaResult;
import dev.tailwatch.math.StateRoundTrip;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Every detector: state → restore → continue gives the same changes, to the bit, as never having stopped. */
class DetectorStateTest {

    @Test
    void cusumThroughWarmUpAlarmAndSettling() {
        // A drop, then a long fall and a flat stretch: warm-up, armed, alarm, settling, re-armed all occur.
        SyntheticAlphaSeries series = new SyntheticAlphaSeries(it -> it < 150 ? 1.8 : it < 300 ? 1.8 - (it - 150) * 0.003 : 1.35,
                3000, 17);
        int steps = 500;
        AlphaResult[] estimates = new AlphaResult[steps];
        for (int i = 0; i < steps; i++) {
            estimates[i] = series.at(i);
        }
        CusumDetector.Parameters p = new CusumDetector.Parameters(20, 0.5, 8, 1.2);
        List<Object> outputs = StateRoundTrip.check(steps, cuts(steps, 7), () -> new CusumDetector(p),
                (d, i) -> List.of(Objects.toString(d.observe(i, estimates[i].alpha(), estimates[i].stderr()).orElse(null)),
                        StateRoundTrip.bits(d.reference())),
                CusumDetector::state, s -> CusumDetector.restore(p, s));
        assertTrue(changes(outputs) >= 1, "the detector must raise an alarm for the test to mean anything");
    }

    @Test
    void phaseTrackerThroughConfirmationAndChange() {
        int steps = 300;
        PhaseTracker.Parameters p = new PhaseTracker.Parameters(20, 4, 5);
        List<Object> outputs = StateRoundTrip.check(steps, cuts(steps, 5), () -> new PhaseTracker(p), (t, i) -> {
            double wiggle = (i % 3 - 1) * 0.002;
            double value = i < 120 ? 2.0 - 0.005 * i : i < 200 ? 1.4 : 1.4 + 0.004 * (i - 200);
            return Objects.toString(t.observe(i, value + wiggle).orElse(null));
        }, PhaseTracker::state, s -> PhaseTracker.restore(p, s));
        assertTrue(changes(outputs) >= 2, "falling → stable → rising: " + outputs);
    }

    @Test
    void jumpDetectorsOfLossAndAccuracy() {
        int steps = 200;
        for (JumpDetector fresh : List.of(JumpDetector.forLoss(), JumpDetector.forAccuracy())) {
            List<Object> outputs = StateRoundTrip.check(steps, cuts(steps, 3), () -> fresh.withState(fresh.state()), (d, i) -> {
                double value = i == 7 ? Double.NaN
                        : 0.6 + 0.0005 * i + (i % 2 == 0 ? 0.002 : -0.002) + (i >= 120 ? 0.15 : 0) - (i >= 160 ? 0.3 : 0);
                return Objects.toString(d.observe(i, value).orElse(null));
            }, JumpDetector::state, fresh::withState);
            assertTrue(changes(outputs) >= 2, "both steps are jumps: " + outputs);
        }
    }

    @Test
    void jumpAtMinimumWithPlacedPendingAndUnplacedJumps() {
        // α every 5 iterations bottoming out at 250; jumps offered before their α (unplaced), just after it
        // (pending) and long after it (decided at once).
        JumpAtMinimumDetector.Parameters p = new JumpAtMinimumDetector.Parameters(2, 30, 10, 3);
        int steps = 160;
        List<Object> outputs = StateRoundTrip.check(steps, StateRoundTrip.everyStep(steps), () -> new JumpAtMinimumDetector(p),
                (d, i) -> {
                    long it = i * 5L;
                    List<Change> decided = new ArrayList<>();
                    if (it == 245) {
                        decided.addAll(d.jump(jump(252)));
                    }
                    if (it == 400 || it == 600) {
                        decided.addAll(d.jump(jump(it - 150)));
                    }
                    double alpha = Math.abs(it - 250) * 0.002 + 1.2 + (it % 10 == 0 ? 0.003 : -0.003);
                    decided.addAll(d.observe(it, it == 300 ? Double.NaN : alpha));
                    return decided;
                }, JumpAtMinimumDetector::state, s -> JumpAtMinimumDetector.restore(p, s));
        long decided = outputs.stream().mapToLong(o -> ((List<?>) o).size()).sum();
        assertEquals(2, decided, "252 (pending) and 250 (offered long after) are at the minimum, 450 is not: " + outputs);
    }

    private static Change jump(long iteration) {
        return new Change(Change.Kind.ACCURACY_JUMP, iteration, iteration, 0.6, 0.8, 10, "robust-z",
                Map.of("window", 30.0), "jump");
    }

    private static long changes(List<Object> outputs) {
        return outputs.stream().filter(o -> o.toString().contains("Change[")).count();
    }

    /** Every stride-th step plus the first few, where warm-ups are under way. */
    private static List<Integer> cuts(int steps, int stride) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            if (i < 5 || i % stride == 0) {
                cuts.add(i);
            }
        }
        return cuts;
    }
}
