package dev.tailwatch.streams.analysis.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.StableSampler;
import dev.tailwatch.schema.NetworkPooling;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.AnalysisSink;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;
import dev.tailwatch.streams.analysis.MetricsInput;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Size and encode/decode time of a snapshot at its largest: every layer-statistics window half full
 * (reservoir full, per-coordinate arrays live), rolling windows full. Inputs as the exact probe's defaults
 * send them: 8 minibatch rows × 1,000 tracked coordinates per layer. Prints the figures that
 * docs/ARCHITECTURE.md quotes; the assertions only guard against a snapshot that lost its big parts.
 */
class SnapshotCostTest {

    private static final int ROWS = 8;
    private static final int COORDINATES = 1000;
    /** 60 iterations close three layer windows of 20; ten more leave each half full. */
    private static final int ITERATIONS = 70;

    @Test
    void threeLayersOfAThousandCoordinates() throws Exception {
        measure(3, 200);
    }

    @Test
    void fiftyLayersOfAThousandCoordinates() throws Exception {
        measure(50, 60);
    }

    private static void measure(int layers, int repetitions) throws Exception {
        AnalysisConfig config = AnalysisConfig.defaults();
        RunAnalyzer analyzer = new RunAnalyzer("cost", config);
        float[][] noise = new float[4][];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = new StableSampler(1.5, 1e-3, i).floats(ROWS * COORDINATES);
        }
        AnalysisSink discard = new AnalysisSink() {
            @Override
            public void alpha(AlphaPoint point) {
            }

            @Override
            public void event(EventPoint event) {
            }

            @Override
            public void layerStats(LayerStatsPoint stats) {
            }
        };
        for (int it = 0; it < ITERATIONS; it++) {
            for (int layer = 0; layer < layers; layer++) {
                analyzer.onNoise(new NoiseInput("cost", it, "layer" + layer, layer, layers, true, ROWS, COORDINATES,
                        noise[(it + layer) % noise.length], it, NetworkPooling.ALL_COLUMNS), discard);
            }
            analyzer.onMetrics(new MetricsInput("cost", it, 2.0 - it * 0.01, 0.5 + it * 0.001, null, it), discard);
        }
        RunSnapshotCodec codec = new RunSnapshotCodec(config);
        RunFlags flags = new RunFlags(false, false, 1);
        byte[] bytes = codec.encode(analyzer, flags);
        long[] encodeNs = new long[repetitions];
        long[] decodeNs = new long[repetitions];
        for (int warmUp = 0; warmUp < repetitions; warmUp++) {
            codec.decode(codec.encode(analyzer, flags));
        }
        // The other test's garbage (a 50-layer run) otherwise lands in this one's timings.
        System.gc();
        for (int r = 0; r < repetitions; r++) {
            long t0 = System.nanoTime();
            byte[] again = codec.encode(analyzer, flags);
            long t1 = System.nanoTime();
            RestoredRun restored = codec.decode(again);
            long t2 = System.nanoTime();
            encodeNs[r] = t1 - t0;
            decodeNs[r] = t2 - t1;
            assertTrue(restored.analyzer().k1() > 0);
        }
        assertArrayEquals(bytes, codec.encode(analyzer, flags));
        // The minimum as well: on shared cores the median moves with whatever else runs.
        System.out.printf("snapshot of %d layers × %d coordinates (windows half full): %,d bytes (%.1f KiB, %,d per layer);"
                        + " encode median %.2f ms (min %.2f), decode median %.2f ms (min %.2f) (%d repetitions)%n", layers,
                COORDINATES, bytes.length, bytes.length / 1024.0, bytes.length / layers, median(encodeNs) / 1e6,
                Arrays.stream(encodeNs).min().orElseThrow() / 1e6, median(decodeNs) / 1e6,
                Arrays.stream(decodeNs).min().orElseThrow() / 1e6, repetitions);
        // Per coordinate at least the four doubles of CoordinateAlphas; per layer the reservoir's 1,024 floats.
        assertTrue(bytes.length > layers * (COORDINATES * 32L + 1024 * 4), "snapshot holds the layer windows: " + bytes.length);
        assertTrue(bytes.length < layers * (COORDINATES * 60L + 1024 * 4 + 20_000), "snapshot is compact: " + bytes.length);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
