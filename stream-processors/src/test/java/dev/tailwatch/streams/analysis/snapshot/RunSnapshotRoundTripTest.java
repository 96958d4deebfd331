package dev.tailwatch.streams.analysis.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.CollectingSink;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.analysis.RunAnalyzerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Snapshot → restore → continue gives exactly the outputs of a run that never stopped: every α point,
 * event and layer-statistics record, doubles compared by their bits (records compare double components
 * with {@code Double.compare}), at cuts chosen where each part of the analysis holds something.
 */
class RunSnapshotRoundTripTest {

    private static final int ITERATIONS = 700;
    private static final AnalysisConfig CONFIG = AnalysisConfig.defaults();

    private static List<SnapshotScenario.Input> inputs;
    private static CollectingSink reference;
    /** Outputs (alphas + events + layer stats) produced up to and including each input. */
    private static int[] eventsAfter;
    private static int[] layerStatsAfter;

    @BeforeAll
    static void referenceRun() throws Exception {
        inputs = SnapshotScenario.inputs(ITERATIONS, 3, 2000, true);
        reference = new CollectingSink();
        RunAnalyzer analyzer = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
        eventsAfter = new int[inputs.size()];
        layerStatsAfter = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            inputs.get(i).feed(analyzer, reference);
            eventsAfter[i] = reference.events.size();
            layerStatsAfter[i] = reference.layerStats.size();
        }
    }

    @Test
    void theScenarioExercisesEveryPart() {
        TreeSet<EventPoint.Kind> kinds = new TreeSet<>();
        reference.events.forEach(e -> kinds.add(e.kind()));
        assertTrue(kinds.containsAll(List.of(EventPoint.Kind.ALPHA_DROP, EventPoint.Kind.LOSS_JUMP, EventPoint.Kind.ACCURACY_JUMP,
                EventPoint.Kind.JUMP_AT_ALPHA_MIN, EventPoint.Kind.PHASE_CHANGE)), "events: " + kinds);
        assertTrue(reference.alphas.stream().anyMatch(p -> p.layer().equals(AlphaPoint.NETWORK) && p.layersMerged() < 3),
                "an iteration closed without its held-back layer");
        assertTrue(reference.alphas.stream().anyMatch(p -> p.layer().equals(AlphaPoint.NETWORK) && p.layersMerged() == 3
                && p.scope() == AlphaPoint.Scope.ITERATION && p.used() + p.dropped() < 2 * 2000), "proportional pooling");
        assertTrue(reference.alphas.stream().anyMatch(p -> p.layer().equals("layer0:whole")), "whole-layer series");
        assertTrue(reference.layerStats.stream().anyMatch(p -> p.layer().equals("layer0:whole")), "whole-layer statistics");
        assertTrue(reference.layerStats.stream().anyMatch(p -> p.coordinates() > 0 && Double.isFinite(p.mccullochAlpha())),
                "α_i and McCulloch on the reservoir");
    }

    @Test
    void restoringAtEveryCutGivesTheUninterruptedOutputsBitForBit() throws Exception {
        List<Integer> cuts = cuts();
        RunSnapshotCodec codec = new RunSnapshotCodec(CONFIG);
        CollectingSink resumed = new CollectingSink();
        RunAnalyzer analyzer = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
        RunFlags flags = new RunFlags(false, false, 0);
        int restores = 0;
        List<Integer> reEncodedDifferently = new ArrayList<>();
        List<RunAnalyzerState> states = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (cuts.contains(i)) {
                states.add(analyzer.state());
                RunFlags next = new RunFlags(i % 2 == 0, i % 3 == 0, 1_700_000_000_000L + i);
                byte[] bytes = codec.encode(analyzer, next);
                RestoredRun restored = codec.decode(bytes);
                assertEquals(next, restored.flags());
                if (!Arrays.equals(bytes, codec.encode(restored.analyzer(), restored.flags()))) {
                    reEncodedDifferently.add(i);
                }
                analyzer = restored.analyzer();
                flags = restored.flags();
                restores++;
            }
            inputs.get(i).feed(analyzer, resumed);
        }
        assertEquals(cuts.size(), restores);
        assertTrue(flags.lastInputWallMs() > 0);
        assertCutsCoverEveryPart(states);
        assertSameOutputs(reference, resumed);
        assertEquals(List.of(), reEncodedDifferently, "cuts where a snapshot of the restored analyzer is other bytes");
    }

    @Test
    void eachCutAloneAlsoMatchesFromThatPointOn() throws Exception {
        // A restore into a fresh processor: the outputs after the cut equal the reference's after it.
        RunSnapshotCodec codec = new RunSnapshotCodec(CONFIG);
        List<Integer> cuts = cuts();
        for (int cut : List.of(cuts.get(0), cuts.get(cuts.size() / 2), cuts.get(cuts.size() - 1))) {
            CollectingSink before = new CollectingSink();
            RunAnalyzer original = new RunAnalyzer(SnapshotScenario.RUN, CONFIG);
            for (int i = 0; i < cut; i++) {
                inputs.get(i).feed(original, before);
            }
            RunAnalyzer restored = codec.decode(codec.encode(original, new RunFlags(false, false, 1))).analyzer();
            CollectingSink after = new CollectingSink();
            for (int i = cut; i < inputs.size(); i++) {
                inputs.get(i).feed(restored, after);
            }
            assertFalse(after.alphas.isEmpty(), "outputs after the cut at " + cut);
            assertEquals(reference.alphas.subList(before.alphas.size(), reference.alphas.size()), after.alphas);
            assertEquals(reference.events.subList(before.events.size(), reference.events.size()), after.events);
            assertEquals(reference.layerStats.subList(before.layerStats.size(), reference.layerStats.size()), after.layerStats);
        }
    }

    /** The cuts really fall where the parts hold something, not only where the comments say they do. */
    private static void assertCutsCoverEveryPart(List<RunAnalyzerState> states) {
        assertTrue(states.stream().anyMatch(s -> s.network() != null && !s.network().cusum().armed()
                && s.network().cusum().warmup().count() > 0), "a cut during a CUSUM warm-up");
        assertTrue(states.stream().anyMatch(s -> s.layerStats().values().stream().anyMatch(w -> w.iterations() > 0
                && w.iterations() < CONFIG.layerStats().window() && w.coordinates() != null
                && w.reservoir().seen() > w.reservoir().capacity())), "a cut mid layer window, reservoir replacing");
        assertTrue(states.stream().anyMatch(s -> s.layerStats().values().stream().anyMatch(w -> w.iterations() == 0)),
                "a cut between layer windows");
        assertTrue(states.stream().anyMatch(s -> s.layerStats().values().stream().anyMatch(w -> w.iterations() > 0
                && w.coordinates() == null)), "a cut with a whole-layer window open");
        assertTrue(states.stream().anyMatch(s -> s.assembler().pending().size() >= 2), "a cut with iterations waiting for layers");
        assertTrue(states.stream().anyMatch(s -> !s.jumpAtMinimum().pending().isEmpty() && !s.jumpTimestamps().isEmpty()),
                "a cut with a jump waiting for its decision");
        assertTrue(states.stream().anyMatch(s -> s.lateSamples() > 0), "a cut after late samples");
        assertTrue(states.stream().anyMatch(s -> s.network() != null && s.network().phases().current() != null),
                "a cut with a confirmed trend");
        assertTrue(states.stream().anyMatch(s -> s.layers().values().stream().anyMatch(l -> l.cusum().settling())),
                "a cut while a CUSUM settles after an alarm");
    }

    /**
     * Cuts where each part holds state: during the CUSUM warm-up and mid layer-statistics window, between
     * the layers of one iteration, while layers are held back, right after a layer window closed, right after
     * the first α drop, right after the metric jump (jump-at-minimum pending), right after that decision,
     * and late in the run.
     */
    private static List<Integer> cuts() {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(firstInput(25, "layer2"));              // CUSUM warm-up (50), layer window 5 of 20 in
        cuts.add(firstInput(30, "layer1"));              // mid-iteration: the assembler waits for layer2
        cuts.add(firstInput(HELD_MID, "layer0"));        // layers held back, iterations pending
        int windowClosed = firstIndex(layerStatsAfter, 1);
        cuts.add(windowClosed + 1);                      // a layer window just closed (no open window)
        cuts.add(firstIndex(eventsAfter, 1) + 1);        // right after the first event
        cuts.add(firstInput(SnapshotScenario.JUMP_AT, "metrics") + 1);   // the jump is pending
        int atMinimum = reference.events.indexOf(reference.events.stream()
                .filter(e -> e.kind() == EventPoint.Kind.JUMP_AT_ALPHA_MIN).findFirst().orElseThrow());
        cuts.add(firstIndex(eventsAfter, atMinimum + 1) + 1);            // right after the jump-at-minimum decision
        cuts.add(firstInput(ITERATIONS - 30, "layer1"));
        for (int i = 1; i < 12; i++) {
            cuts.add(i * inputs.size() / 12 + i % 3);    // and a spread of arbitrary points
        }
        return cuts.stream().distinct().sorted().toList();
    }

    private static final long HELD_MID = SnapshotScenario.HELD_FROM + 2;

    private static int firstInput(long iteration, String what) {
        for (int i = 0; i < inputs.size(); i++) {
            SnapshotScenario.Input in = inputs.get(i);
            boolean kind = what.equals("metrics") ? in.metrics() != null : in.noise() != null && in.noise().layer().equals(what);
            if (kind && in.iteration() == iteration) {
                return i;
            }
        }
        throw new AssertionError("no " + what + " input at iteration " + iteration);
    }

    private static int firstIndex(int[] countsAfter, int atLeast) {
        for (int i = 0; i < countsAfter.length; i++) {
            if (countsAfter[i] >= atLeast) {
                return i;
            }
        }
        throw new AssertionError("never " + atLeast);
    }

    static void assertSameOutputs(CollectingSink expected, CollectingSink actual) {
        assertFalse(expected.alphas.isEmpty() || expected.events.isEmpty() || expected.layerStats.isEmpty(), "reference outputs");
        assertEquals(expected.alphas.size(), actual.alphas.size(), "α points");
        assertEquals(expected.events.size(), actual.events.size(), "events");
        assertEquals(expected.layerStats.size(), actual.layerStats.size(), "layer statistics");
        for (int i = 0; i < expected.alphas.size(); i++) {
            assertEquals(expected.alphas.get(i), actual.alphas.get(i), "α point " + i);
        }
        for (int i = 0; i < expected.events.size(); i++) {
            assertEquals(expected.events.get(i), actual.events.get(i), "event " + i);
        }
        for (int i = 0; i < expected.layerStats.size(); i++) {
            LayerStatsPoint e = expected.layerStats.get(i);
            assertEquals(e, actual.layerStats.get(i), "layer statistics " + i);
        }
    }
}
