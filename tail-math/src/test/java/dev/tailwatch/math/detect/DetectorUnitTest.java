package dev.tailwatch.math.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each detector on hand-made series with an exact expected outcome. */
class DetectorUnitTest {

    @Test
    void cusumFiresOnceOnADropAndDatesIt() {
        CusumDetector cusum = new CusumDetector(new CusumDetector.Parameters(10, 0.5, 5, 1.0));
        List<Change> changes = new ArrayList<>();
        for (int it = 0; it < 100; it++) {
            double value = it < 50 ? 1.5 + (it % 2 == 0 ? 0.005 : -0.005) : 1.3;
            cusum.observe(it, value, 0.02).ifPresent(changes::add);
        }
        assertEquals(1, changes.size(), changes.toString());
        Change drop = changes.get(0);
        assertEquals(Change.Kind.ALPHA_DROP, drop.kind());
        // Before the step |z| = 0.25 < k keeps S⁻ at 0; after it z = −10: S⁻ = 9.5 > 5 at once.
        assertEquals(50, drop.iteration());
        assertEquals(49, drop.since());
        assertEquals(1.5, drop.before(), 1e-12);
        assertEquals(1.3, drop.after(), 1e-12);
        assertEquals(-0.2, drop.magnitude(), 1e-12);
    }

    @Test
    void cusumRisesToo() {
        CusumDetector cusum = new CusumDetector(new CusumDetector.Parameters(5, 0.5, 5, 1.0));
        Optional<Change> change = Optional.empty();
        for (int it = 0; it < 20 && change.isEmpty(); it++) {
            change = cusum.observe(it, it < 10 ? 1.2 : 1.4, 0.05);
        }
        assertEquals(Change.Kind.ALPHA_RISE, change.orElseThrow().kind());
    }

    @Test
    void cusumIgnoresNonFiniteObservations() {
        CusumDetector cusum = new CusumDetector(new CusumDetector.Parameters(3, 0.5, 5, 1.0));
        for (int it = 0; it < 10; it++) {
            assertFalse(cusum.observe(it, Double.NaN, 0.1).isPresent());
            assertFalse(cusum.observe(it, 1.0, Double.NaN).isPresent());
        }
        assertTrue(Double.isNaN(cusum.reference()));
    }

    @Test
    void phaseTrackerSeesFallingThenStable() {
        PhaseTracker tracker = new PhaseTracker(new PhaseTracker.Parameters(10, 4, 3));
        List<Change> changes = new ArrayList<>();
        for (int it = 0; it < 100; it++) {
            double wiggle = (it % 3 - 1) * 0.001;
            double value = it < 50 ? 2.0 - 0.01 * it : 1.5;
            tracker.observe(it, value + wiggle).ifPresent(changes::add);
        }
        assertEquals(1, changes.size(), changes.toString());
        Change c = changes.get(0);
        assertEquals(Change.Kind.PHASE_CHANGE, c.kind());
        assertTrue(c.iteration() > 50 && c.iteration() < 62, "at " + c.iteration());
        assertEquals(-10.0, c.before(), 2.0);
        assertEquals(PhaseTracker.Phase.STABLE, tracker.phase().orElseThrow());
    }

    @Test
    void jumpDetectorFindsTheStepAndNotTheNoise() {
        JumpDetector accuracy = JumpDetector.forAccuracy();
        List<Change> changes = new ArrayList<>();
        for (int it = 0; it < 200; it++) {
            double value = 0.6 + 0.0005 * it + (it % 2 == 0 ? 0.002 : -0.002) + (it >= 120 ? 0.15 : 0);
            accuracy.observe(it, value).ifPresent(changes::add);
        }
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(120, changes.get(0).iteration());
        assertEquals(Change.Kind.ACCURACY_JUMP, changes.get(0).kind());
        assertTrue(changes.get(0).magnitude() > 8);
    }

    @Test
    void aFlatSeriesDoesNotFireOnATinyWobble() {
        JumpDetector loss = JumpDetector.forLoss();
        for (int it = 0; it < 100; it++) {
            assertFalse(loss.observe(it, it == 60 ? 1.0001 : 1.0).isPresent(), "iteration " + it);
        }
    }

    @Test
    void jumpAtMinimumFiresWhereAlphaBottomedOutOnly() {
        // α falls to its minimum at 50 and rises after; jumps at 20 (still falling), 52 (at the bottom), 90 (risen).
        JumpAtMinimumDetector detector = new JumpAtMinimumDetector(new JumpAtMinimumDetector.Parameters(2, 30, 10, 3));
        List<Change> decided = new ArrayList<>();
        for (int it = 0; it < 130; it++) {
            double wiggle = (it % 2 == 0 ? 0.002 : -0.002);
            decided.addAll(detector.observe(it, Math.abs(it - 50) * 0.01 + 1.2 + wiggle));
            if (it == 20 || it == 52 || it == 90) {
                detector.jump(new Change(Change.Kind.ACCURACY_JUMP, it, it, 0.6, 0.8, 10, "robust-z", java.util.Map.of(), "jump"));
            }
        }
        assertEquals(1, decided.size(), decided.toString());
        assertEquals(52, decided.get(0).iteration());
        assertEquals(Change.Kind.JUMP_AT_ALPHA_MIN, decided.get(0).kind());
        assertEquals(50, decided.get(0).since());
    }

    @Test
    void jumpAtMinimumDoesNotDependOnWhetherMetricsOrAlphaArriveFirst() {
        // α every 5 iterations, bottoming out at 250; accuracy jumps at 252 and 400. Live processing may see
        // a jump before or long after the α around it; both orders must give the same decision.
        JumpAtMinimumDetector.Parameters parameters = new JumpAtMinimumDetector.Parameters(2, 30, 10, 3);
        long[] jumps = {252, 400};
        List<Change> early = new ArrayList<>();
        List<Change> late = new ArrayList<>();
        JumpAtMinimumDetector metricsFirst = new JumpAtMinimumDetector(parameters);
        JumpAtMinimumDetector alphaFirst = new JumpAtMinimumDetector(parameters);
        for (int it = 0; it < 800; it += 5) {
            double alpha = Math.abs(it - 250) * 0.002 + 1.2 + (it % 10 == 0 ? 0.003 : -0.003);
            for (long j : jumps) {
                if (j > it - 5 && j <= it) {
                    early.addAll(metricsFirst.jump(jump(j)));
                }
                if (j > it - 60 && j <= it - 55) {
                    late.addAll(alphaFirst.jump(jump(j)));
                }
            }
            early.addAll(metricsFirst.observe(it, alpha));
            late.addAll(alphaFirst.observe(it, alpha));
        }
        assertEquals(1, early.size(), early.toString());
        assertEquals(252, early.get(0).iteration());
        assertEquals(250, early.get(0).since());
        assertEquals(early, late);

        // The jump's metrics arrive only after the run's last α: it is decided on arrival all the same.
        JumpAtMinimumDetector afterTheEnd = new JumpAtMinimumDetector(parameters);
        for (int it = 0; it < 400; it += 5) {
            afterTheEnd.observe(it, Math.abs(it - 250) * 0.002 + 1.2 + (it % 10 == 0 ? 0.003 : -0.003));
        }
        List<Change> decidedOnArrival = afterTheEnd.jump(jump(252));
        assertEquals(1, decidedOnArrival.size(), "decided without another α observation");
        assertEquals(250, decidedOnArrival.get(0).since());
    }

    private static Change jump(long iteration) {
        return new Change(Change.Kind.ACCURACY_JUMP, iteration, iteration, 0.6, 0.8, 10, "robust-z", java.util.Map.of(), "jump");
    }
}
