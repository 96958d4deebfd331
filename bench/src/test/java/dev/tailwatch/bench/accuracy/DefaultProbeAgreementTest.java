package dev.tailwatch.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.trainer.data.DatasetSpec;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.train.ProbeNames;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The default probe measures the exact probe's α: one seeded run on the shipped digits watched by both,
 * each analysed by the processors' RunAnalyzer at one common block size (so the comparison is of the
 * probes, not of the block sizes their first samples happen to give), the rolling α compared at every
 * exact checkpoint from iteration 200 on, network-wide and per layer within the target. Fails if the
 * default is switched to a cheap probe (the window probe reads a layer 0.06 low here, the moving average
 * 0.1–0.3) or the default probe's noise drifts from the exact probe's.
 */
class DefaultProbeAgreementTest {

    /** Network-wide and per layer: the target of the agreement benchmark (docs/ACCURACY.md). */
    private static final double TOLERANCE = 0.05;

    @Test
    void theDefaultProbesRollingAlphaStaysWithinTheToleranceOfTheExactProbes() throws Exception {
        ProbeMode defaultProbe = ProbeNames.parse(ProbeNames.DEFAULT);
        TrainConfig config = new TrainConfig("agreement-test", new ModelSpec(ModelSpec.Kind.FCN, 2, 128, 0, ModelSpec.Loss.XENT),
                "mnist", 0.1, 1, 1000, 32, 500, defaultProbe, 20, 8, 1000, 0, 0.99, 1000, 0.2, 3);
        Trainer trainer = new Trainer(config, DatasetSpec.load("mnist"));
        AnalysisConfig analysis = new AnalysisConfig(AnalysisConfig.DEFAULT_WINDOW, 80, 1);
        ProbeRecorder exact = new ProbeRecorder("exact", analysis);
        ProbeRecorder probe = new ProbeRecorder(ProbeNames.DEFAULT, analysis);
        trainer.run(null, List.of(trainer.probe(ProbeMode.EXACT, exact), trainer.probe(defaultProbe, probe)),
                (it, loss, acc, step) -> { }, () -> false);

        assertEquals(List.of("all", "dense0", "dense1", "output"), exact.layers());
        assertEquals(exact.layers(), probe.layers());
        List<String> failures = new ArrayList<>();
        for (String layer : exact.layers()) {
            TreeMap<Long, AlphaPoint> reference = exact.series(AlphaPoint.Scope.ROLLING, layer);
            TreeMap<Long, AlphaPoint> measured = probe.series(AlphaPoint.Scope.ROLLING, layer);
            int checked = 0;
            for (long at = 200; at <= 480; at += 20) {
                AlphaPoint ref = reference.get(at);
                // The latest sample at or before the checkpoint (a window sample would close one step before it).
                AlphaPoint got = measured.floorEntry(at).getValue();
                assertTrue(at - got.iteration() <= 20, layer + " has no sample near " + at);
                double se = Math.sqrt(ref.stderr() * ref.stderr() + got.stderr() * got.stderr());
                double delta = got.alpha() - ref.alpha();
                if (Math.abs(delta) > Math.max(TOLERANCE, 2 * se)) {
                    failures.add(String.format(Locale.ROOT, "%s at %d: %.3f vs exact %.3f (Δ %+.3f, tolerance %.3f)", layer, at,
                            got.alpha(), ref.alpha(), delta, Math.max(TOLERANCE, 2 * se)));
                }
                checked++;
            }
            assertEquals(15, checked);
        }
        assertTrue(failures.isEmpty(), "the " + ProbeNames.DEFAULT + " probe drifts from the exact probe: " + failures);
    }
}
