package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.train.TrainConfig;

/**
 * What every grid run shares: data, learning rate, length, and the exact probe's settings.
 *
 * @param tailFraction the last share of the iterations whose per-iteration α is averaged
 */
record TrainSettings(String dataset, double lr, long iterations, int probeEvery, int probeBatches, int coordinates, int evalEvery,
                     double testFraction, double tailFraction) {

    TrainConfig config(String runId, GridRun run) {
        return new TrainConfig(runId, new ModelSpec(ModelSpec.Kind.FCN, run.depth(), run.width(), 16, ModelSpec.Loss.XENT), dataset,
                lr, 1, 1000, run.batch(), iterations, ProbeMode.EXACT, probeEvery, probeBatches, coordinates, 0, 0.99, evalEvery,
                testFraction, run.seed());
    }

    /** The last iteration the exact probe samples. */
    long lastProbedIteration() {
        return (iterations - 1) / probeEvery * probeEvery;
    }
}
