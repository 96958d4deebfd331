package dev.tailwatch.trainer.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The thread count of ND4J's native code (its OpenMP ops and OpenBLAS), set at run time.
 *
 * <p>Why a setting with default 1: on the 2-core machines this project is built on, one native thread
 * gave 1.5–2.5× faster SGD steps than two (docs/PERFORMANCE.md, "Trainer"), because the second thread
 * fights the Kafka client, the publisher and — in the demo — the broker and processors for the other
 * core. On a bigger machine, raise it.
 */
public final class NativeThreads {

    public static final int DEFAULT = 1;

    private NativeThreads() {
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    public static int current() {
        return Nd4j.getEnvironment().maxThreads();
    }
}
