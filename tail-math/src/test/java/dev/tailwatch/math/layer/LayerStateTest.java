package dev.tailwatch.math.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.MohammadiStats;
import dev.tailwatch.math.StableSampler;
import dev.tailwatch.math.StateRoundTrip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reservoir, moments and per-coordinate α_i: state → restore → continue equals never having stopped. */
class LayerStateTest {

    @Test
    void splitMix64DrawsExactlyWhatSplittableRandomDraws() {
        // The reservoir's sample must not change with the generator: compare every kind of draw it makes.
        SplittableRandom jdk = new SplittableRandom(0x7a11 ^ "fc1".hashCode());
        SplitMix64 own = new SplitMix64(0x7a11 ^ "fc1".hashCode());
        for (int i = 0; i < 200_000; i++) {
            switch (i % 5) {
                case 0 -> assertEquals(jdk.nextInt(1 + i % 5000), own.nextInt(1 + i % 5000), "nextInt(bound) at " + i);
                case 1 -> assertEquals(jdk.nextExponential(), own.nextExponential(), "nextExponential at " + i);
                case 2 -> assertEquals(jdk.nextLong(), own.nextLong(), "nextLong at " + i);
                case 3 -> assertEquals(jdk.nextInt(), own.nextInt(), "nextInt at " + i);
                default -> assertEquals(jdk.nextDouble(), own.nextDouble(), "nextDouble at " + i);
            }
        }
        SplitMix64 resumed = new SplitMix64(own.state());
        for (int i = 0; i < 1000; i++) {
            assertEquals(jdk.nextExponential(), resumed.nextExponential());
        }
    }

    @Test
    void aRestoredReservoirKeepsTheSameSampleIncludingItsRandomStream() {
        float[][] chunks = chunks(60, 7);
        List<Object> outputs = StateRoundTrip.check(chunks.length, StateRoundTrip.everyStep(chunks.length),
                () -> new Reservoir(300, 11), (r, i) -> {
                    r.offer(chunks[i]);
                    return List.of(floatBits(r.values()), r.seen());
                }, Reservoir::state, Reservoir::restore);
        // The sample is full after a few chunks and replacements keep happening to the end.
        assertTrue(!outputs.get(chunks.length - 1).equals(outputs.get(chunks.length - 2)));
    }

    @Test
    void restoredMomentsGoOnBitIdentically() {
        float[][] chunks = chunks(40, 8);
        List<Object> outputs = StateRoundTrip.check(chunks.length, StateRoundTrip.everyStep(chunks.length), Moments::new,
                (m, i) -> {
                    m.addUsable(chunks[i]);
                    if (i % 3 == 0) {
                        m.add(chunks[i][1] * 2.0);   // single values too (chunks[i][0] may be NaN, which add() would keep)
                    }
                    return List.of(m.mean(), m.excessKurtosis(), m.count());
                }, Moments::state, Moments::restore);
        List<?> last = (List<?>) outputs.get(outputs.size() - 1);
        assertTrue(Double.isFinite((Double) last.get(0)) && Double.isFinite((Double) last.get(1)),
                "finite mean and kurtosis, or the comparison would prove nothing: " + last);
    }

    @Test
    void restoredCoordinateAlphasGoOnBitIdenticallyAcrossBlocksAndSpecialValues() {
        int cols = 37;
        int k1 = 5;
        float[][] chunks = new float[30][];
        StableSampler sampler = new StableSampler(1.3, 1e-3, 5);
        for (int i = 0; i < chunks.length; i++) {
            // Rows per sample vary so that cuts fall inside blocks and on block ends.
            chunks[i] = sampler.floats((1 + i % 4) * cols);
            chunks[i][i % chunks[i].length] = i % 2 == 0 ? Float.NaN : 0f;
            chunks[i][(3 * i) % chunks[i].length] = Float.MIN_VALUE * 3;
        }
        List<Object> outputs = StateRoundTrip.check(chunks.length, StateRoundTrip.everyStep(chunks.length),
                () -> new CoordinateAlphas(cols, k1), (c, i) -> {
                    c.addRows(chunks[i], chunks[i].length / cols, cols);
                    List<MohammadiStats> stats = new ArrayList<>();
                    for (int j = 0; j < cols; j++) {
                        stats.add(c.stats(j));
                    }
                    return stats;
                }, CoordinateAlphas::state, CoordinateAlphas::restore);
        @SuppressWarnings("unchecked")
        List<MohammadiStats> last = (List<MohammadiStats>) outputs.get(outputs.size() - 1);
        assertTrue(last.get(0).blocks() >= 10, "blocks were closed: " + last.get(0));
        assertTrue(last.stream().mapToLong(MohammadiStats::dropped).sum() > 0, "special values were dropped");
    }

    private static float[][] chunks(int count, long seed) {
        StableSampler sampler = new StableSampler(1.5, 1.0, seed);
        float[][] chunks = new float[count][];
        for (int i = 0; i < count; i++) {
            chunks[i] = sampler.floats(50 + 37 * (i % 5));
            chunks[i][0] = i % 4 == 0 ? Float.NaN : chunks[i][0];
        }
        return chunks;
    }

    private static List<Integer> floatBits(float[] values) {
        List<Integer> bits = new ArrayList<>(values.length);
        for (float v : values) {
            bits.add(Float.floatToRawIntBits(v));
        }
        return bits;
    }
}
