package dev.tailwatch.streams.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.NetworkPooling;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The acceptance scenario without Kafka: a two-phase run shows its α drop, phase change and jump at α minimum. */
class TwoPhaseRunTest {

    @Test
    void twoPhaseRunWithAJumpAtTheEndOfTheFall() throws Exception {
        int iterations = 1000;
        long jumpAt = 300;
        SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(iterations), 3, 5000, jumpAt, 42);
        CollectingSink sink = new CollectingSink();
        List<AlphaPoint> points = sink.alphas;
        List<EventPoint> events = sink.events;
        RunAnalyzer analyzer = new RunAnalyzer("two-phase", AnalysisConfig.defaults());
        for (long it = 0; it < iterations; it++) {
            for (int layer = 0; layer < run.layers(); layer++) {
                analyzer.onNoise(new NoiseInput("two-phase", it, SyntheticRun.layerName(layer), layer, run.layers(), true,
                        run.rows(), run.cols(), run.noise(it, layer), it, NetworkPooling.ALL_COLUMNS), sink);
            }
            double accuracy = run.accuracy(it);
            analyzer.onMetrics(new MetricsInput("two-phase", it, run.loss(it), accuracy, it % 10 == 0 ? accuracy : null, it), sink);
        }
        events.forEach(e -> System.out.println(e.kind() + " layer=" + e.layer() + " at " + e.iteration() + ": " + e.message()));

        List<EventPoint> networkDrops = of(events, EventPoint.Kind.ALPHA_DROP, "all");
        assertEquals(1, networkDrops.size(), events.toString());
        assertTrue(networkDrops.get(0).iteration() < jumpAt);
        List<EventPoint> networkPhase = of(events, EventPoint.Kind.PHASE_CHANGE, "all");
        assertEquals(1, networkPhase.size(), events.toString());
        assertTrue(networkPhase.get(0).iteration() > jumpAt && networkPhase.get(0).iteration() < jumpAt + 150);
        for (int layer = 0; layer < 3; layer++) {
            assertEquals(1, of(events, EventPoint.Kind.ALPHA_DROP, "layer" + layer).size(), "layer" + layer);
        }
        assertFalse(of(events, EventPoint.Kind.ACCURACY_JUMP, "").isEmpty());
        // The synthetic loss falls to 0.6× at the jump: one loss jump, downwards, at that iteration.
        List<EventPoint> lossJumps = of(events, EventPoint.Kind.LOSS_JUMP, "");
        assertEquals(1, lossJumps.size(), events.toString());
        assertEquals(jumpAt, lossJumps.get(0).iteration());
        assertTrue(lossJumps.get(0).after() < 0.7 * lossJumps.get(0).before(), lossJumps.get(0).toString());
        List<EventPoint> atMinimum = of(events, EventPoint.Kind.JUMP_AT_ALPHA_MIN, "");
        assertEquals(1, atMinimum.size(), events.toString());
        assertEquals(jumpAt, atMinimum.get(0).iteration());
        // The profile rises slowly (1.25 → 1.35) after its minimum: rises are real, and only there. With this seed
        // the network-wide CUSUM crosses its threshold twice (near iterations 573 and 894).
        List<EventPoint> rises = of(events, EventPoint.Kind.ALPHA_RISE, "all");
        assertEquals(2, rises.size(), events.toString());
        for (EventPoint rise : rises) {
            assertTrue(rise.iteration() > jumpAt && rise.magnitude() > 0, rise.toString());
        }

        AlphaPoint lastRolling = points.stream().filter(p -> p.layer().equals("all") && p.scope() == AlphaPoint.Scope.ROLLING)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(1.35, lastRolling.alpha(), 0.03);
    }

    private static List<EventPoint> of(List<EventPoint> events, EventPoint.Kind kind, String layer) {
        return events.stream().filter(e -> e.kind() == kind && e.layer().equals(layer)).toList();
    }
}
