package dev.tailwatch.streams.analysis.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The packed arrays keep every bit; a fresh analyzer (NaN and MIN_VALUE sentinels) round-trips too. */
class PackingTest {

    @Test
    void doublesKeepNaNPayloadsNegativeZeroInfinitiesAndSubnormals() {
        double[] values = {Double.longBitsToDouble(0x7ff8_0000_dead_beefL), Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE, 1.5};
        double[] back = Packing.doubles(Packing.doubles(values), values.length, "d");
        assertEquals(values.length, back.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Double.doubleToRawLongBits(values[i]), Double.doubleToRawLongBits(back[i]), "value " + i);
        }
        float[] floats = {Float.intBitsToFloat(0x7fc0_1234), -0.0f, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 3.25f};
        float[] floatsBack = Packing.floats(Packing.floats(floats), floats.length, "f");
        for (int i = 0; i < floats.length; i++) {
            assertEquals(Float.floatToRawIntBits(floats[i]), Float.floatToRawIntBits(floatsBack[i]), "float " + i);
        }
    }

    @Test
    void varintsCoverTheWholeRange() {
        long[] longs = {0, 1, -1, 63, -64, 64, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE, 1L << 40};
        assertArrayEquals(longs, Packing.longs(Packing.longs(longs), longs.length, "l"));
        int[] ints = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 300};
        assertArrayEquals(ints, Packing.ints(Packing.ints(ints), ints.length, "i"));
        assertEquals(1, Packing.longs(new long[] {-3}).remaining(), "small numbers take one byte");
    }

    @Test
    void countsThatDoNotMatchTheBytesAreRejectedNamingTheField() {
        ByteBuffer three = Packing.doubles(new double[3]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Packing.doubles(three, 4, "x.sums")).getMessage()
                .startsWith("x.sums: 24 bytes do not hold 4 values"));
        ByteBuffer varints = Packing.longs(new long[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> Packing.longs(varints, 4, "y"));
        assertThrows(IllegalArgumentException.class, () -> Packing.longs(varints, 2, "y"));
        assertThrows(IllegalArgumentException.class, () -> Packing.ints(Packing.longs(new long[] {1L << 40}), 1, "z"));
    }

    @Test
    void aFreshAnalyzerRoundTripsToTheSameBytes() {
        RunSnapshotCodec codec = new RunSnapshotCodec(AnalysisConfig.defaults());
        byte[] bytes = codec.encode(new RunAnalyzer("empty", AnalysisConfig.defaults()), new RunFlags(true, true, Long.MIN_VALUE));
        RestoredRun restored = codec.decode(bytes);
        assertEquals(0, restored.analyzer().k1());
        assertEquals(-1, restored.analyzer().lastIteration());
        assertEquals(new RunFlags(true, true, Long.MIN_VALUE), restored.flags());
        assertTrue(Arrays.equals(bytes, codec.encode(restored.analyzer(), restored.flags())));
    }

    @Test
    void anAnalyzerWithOtherOptionsThanTheCodecIsNotEncoded() {
        RunSnapshotCodec codec = new RunSnapshotCodec(AnalysisConfig.defaults());
        assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new RunAnalyzer("r", new AnalysisConfig(10, 0, 1)), new RunFlags(false, false, 0)));
    }
}
