package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NetworkPoolingTest {

    @Test
    void layersPoolInProportionToTheirParameterCount() {
        // FCN 784-128-64-10 with 1,000 tracked coordinates per layer: 100,480, 8,256 and 650 parameters.
        int[] pooled = NetworkPooling.columns(new long[] {100_480, 8_256, 650}, new int[] {1_000, 1_000, 650});
        // 1000·8256/100480 = 82.17 → 82; 1000·650/100480 = 6.47 → 6
        assertArrayEquals(new int[] {1_000, 82, 6}, pooled);
    }

    @Test
    void everyColumnWhenEveryCoordinateIsTracked() {
        assertArrayEquals(new int[] {12, 40, 3}, NetworkPooling.columns(new long[] {12, 40, 3}, new int[] {12, 40, 3}));
    }

    @Test
    void aTinyLayerKeepsOneColumnAndHalvesRoundUp() {
        assertArrayEquals(new int[] {1, 100}, NetworkPooling.columns(new long[] {2, 1_000_000}, new int[] {2, 100}));
        // 10·5/20 = 2.5 → 3 (half up, the same in Python's integer arithmetic)
        assertArrayEquals(new int[] {3, 10}, NetworkPooling.columns(new long[] {5, 20}, new int[] {5, 10}));
    }

    @Test
    void theShareIsRowsTimesNetworkColumnsValues() {
        assertEquals(24, NetworkPooling.pooledValues(3, 8, 10));
        assertEquals(80, NetworkPooling.pooledValues(10, 8, 10));
        assertEquals(80, NetworkPooling.pooledValues(NetworkPooling.ALL_COLUMNS, 8, 10));
        assertEquals(0, NetworkPooling.pooledValues(0, 8, 10));
        assertEquals(true, NetworkPooling.poolsSubset(3, 10));
        assertEquals(false, NetworkPooling.poolsSubset(10, 10));
        assertEquals(false, NetworkPooling.poolsSubset(NetworkPooling.ALL_COLUMNS, 10));
        assertThrows(IllegalArgumentException.class, () -> NetworkPooling.columns(new long[] {1}, new int[] {1, 2}));
    }
}
