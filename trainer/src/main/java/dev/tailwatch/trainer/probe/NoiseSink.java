package dev.tailwatch.trainer.probe;

import java.util.List;

/** Receives what a probe measured at one iteration (every layer's noise). Must not block. */
public interface NoiseSink {
    void noise(long iteration, List<ProbedNoise> layers);
}
