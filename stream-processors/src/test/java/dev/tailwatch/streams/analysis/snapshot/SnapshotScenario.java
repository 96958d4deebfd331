package dev.tailwatch.streams.analysis.snapshot;

import dev.tailwatch.schema.NetworkPooling;
import dev.tailwatch.streams.analysis.AnalysisSink;
import dev.tailwatch.streams.analysis.MetricsInput;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RejectedInputException;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic input sequence that puts every part of a run's analysis to work: a two-phase run with
 * three tracked layers (α falls, then rises slowly; loss and accuracy jump where α bottoms out), a
 * whole-layer sample every fifth iteration, metrics every iteration (test accuracy every tenth), one
 * layer held back a little now and then (the iteration waits for it) and once for long enough that its
 * iterations close without it and its samples arrive late.
 */
final class SnapshotScenario {

    static final String RUN = "snapshot-run";
    static final long JUMP_AT = 300;
    /** Iterations whose third layer is held back until after the second layer of the last of them. */
    static final long HELD_FROM = 150;
    static final long HELD_TO = 153;

    /** One input: noise or metrics. */
    record Input(NoiseInput noise, MetricsInput metrics) {
        void feed(RunAnalyzer analyzer, AnalysisSink sink) throws RejectedInputException {
            if (noise != null) {
                analyzer.onNoise(noise, sink);
            } else {
                analyzer.onMetrics(metrics, sink);
            }
        }

        long iteration() {
            return noise != null ? noise.iteration() : metrics.iteration();
        }
    }

    private SnapshotScenario() {
    }

    static List<Input> inputs(int iterations, int layers, int valuesPerLayer) {
        return inputs(iterations, layers, valuesPerLayer, false);
    }

    /**
     * With {@code proportional}, layers after the first pool only some of their columns into the network-wide α,
     * as a trainer's samples do (the version 1 fixture was written without).
     */
    static List<Input> inputs(int iterations, int layers, int valuesPerLayer, boolean proportional) {
        SyntheticRun run = new SyntheticRun(AlphaPath.twoPhase(iterations), layers, valuesPerLayer, JUMP_AT, 42);
        List<Input> inputs = new ArrayList<>();
        List<Input> held = new ArrayList<>();
        for (long it = 0; it < iterations; it++) {
            for (int layer = 0; layer < layers; layer++) {
                Input sample = new Input(new NoiseInput(RUN, it, SyntheticRun.layerName(layer), layer, layers, true,
                        run.rows(), run.cols(), run.noise(it, layer), 10 * it + layer,
                        proportional && layer > 0 ? run.cols() / (layer + 2) : NetworkPooling.ALL_COLUMNS), null);
                boolean last = layer == layers - 1;
                if (last && it >= HELD_FROM && it <= HELD_TO) {
                    held.add(sample);
                } else if (last && it % 37 == 5) {
                    held.add(sample);        // released after the next iteration's first layer
                } else {
                    inputs.add(sample);
                }
                if (layer == 0 && !held.isEmpty() && (it < HELD_FROM || it > HELD_TO) && held.get(0).iteration() < it) {
                    inputs.addAll(held);
                    held.clear();
                }
            }
            if (it == HELD_TO) {
                inputs.addAll(held);
                held.clear();
            }
            if (it % 5 == 0) {
                inputs.add(new Input(new NoiseInput(RUN, it, "layer0:whole", 0, layers, false, 1, valuesPerLayer,
                        run.noise(it + 100_000, 0), 10 * it + 9, NetworkPooling.ALL_COLUMNS), null));
            }
            double accuracy = run.accuracy(it);
            inputs.add(new Input(null, new MetricsInput(RUN, it, run.loss(it), accuracy, it % 10 == 0 ? accuracy : null,
                    10 * it + 8)));
        }
        inputs.addAll(held);
        return inputs;
    }
}
