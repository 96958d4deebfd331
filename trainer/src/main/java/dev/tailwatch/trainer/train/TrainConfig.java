package dev.tailwatch.trainer.train;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.model.ModelSpec;

/**
 * One training run's settings.
 *
 * @param lrDecay       step schedule: the learning rate is multiplied by this every {@code lrStep} iterations
 * @param probeEvery    the exact and window probes publish a sample every this many iterations
 * @param probeBatches  rows per sample: m minibatches per exact probe, consecutive steps per window sample
 * @param coordinates   tracked coordinates per layer
 * @param wholeLayerCap exact probe: also a whole-layer sample of up to this many parameters (0 = off)
 * @param emaDecay      ema probe (ProbeMode.ONLINE): decay of the moving average of past gradients
 * @param evalEvery     train and test accuracy every this many iterations
 * @param testFraction  held-out share of the data set for test accuracy
 */
public record TrainConfig(String runId, ModelSpec model, String dataset, double lr, double lrDecay, int lrStep, int batch,
                          long iterations, ProbeMode probe, int probeEvery, int probeBatches, int coordinates,
                          int wholeLayerCap, double emaDecay, int evalEvery, double testFraction, long seed) {

    public TrainConfig {
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr must be positive, was " + lr);
        }
        if (batch < 1 || iterations < 1 || probeEvery < 1 || evalEvery < 1 || coordinates < 1 || lrStep < 1) {
            throw new IllegalArgumentException("--batch, --iterations, --every, --eval-every, --coords and --lr-step must be positive");
        }
        if (probe == ProbeMode.EXACT && probeBatches < 2) {
            throw new IllegalArgumentException("--probe-batches must be at least 2 for the exact probe, was " + probeBatches);
        }
        if (probe == ProbeMode.WINDOW && (probeBatches < 2 || probeBatches > probeEvery)) {
            throw new IllegalArgumentException("--probe window centres the last --probe-batches steps of every --every iterations: "
                    + "--probe-batches must be between 2 and --every (" + probeEvery + "), was " + probeBatches);
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("--test-fraction must be in (0, 1), was " + testFraction);
        }
    }
}
