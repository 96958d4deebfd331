package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.train.TrainConfig;

/**
 * What every grid run shares: data, learning rate and its schedule, length, and the exact probe's settings.
 *
 * @param lrDecay      the rate is multiplied by this every {@code lrStep} iterations (1: constant)
 * @param tailFraction the last share of the iterations whose per-iteration α is averaged
 */
record TrainSettings(String dataset, double lr, double lrDecay, int lrStep, long iterations, int probeEvery, int probeBatches, int coordinates, int evalEvery,
                     double testFraction, double tailFraction) {

    TrainConfig config(String runId, GridRun run) {
        return new TrainConfig(runId, new ModelSpec(ModelSpec.Kind.FCN, run.depth(), run.width(), 16, ModelSpec.Loss.XENT), dataset,
                lr, lrDecay, lrStep, run.batch(), iterations, ProbeMode.EXACT, probeEvery, probeBatches, coordinates, 0, 0.99, evalEvery,
                testFraction, run.seed());
    }

    /** The rate as the report states it: "0.1 (constant)" or "0.1, halved every 6667 iterations". */
    String scheduleText() {
        if (lrDecay == 1) {
            return PaperReport.num(lr) + " (constant)";
        }
        return PaperReport.num(lr) + ", " + (lrDecay == 0.5 ? "halved" : "multiplied by " + PaperReport.num(lrDecay)) + " every " + lrStep
                + " iterations";
    }

    /** The last iteration the exact probe samples. */
    long lastProbedIteration() {
        return (iterations - 1) / probeEvery * probeEvery;
    }
}
