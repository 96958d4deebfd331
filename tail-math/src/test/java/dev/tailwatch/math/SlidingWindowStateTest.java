package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlidingWindowStateTest {

    private static final int CAPACITY = 7;

    @Test
    void aRestoredWindowOfStatisticsGivesBitIdenticalAggregates() {
        // Floating-point sums depend on their grouping: a window restored by re-adding its items would differ.
        MohammadiStats[] items = new MohammadiStats[40];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < items.length; i++) {
            items[i] = new MohammadiStats(20, random.nextDouble() * 1e3, 1 + random.nextInt(50), random.nextInt(2),
                    -random.nextDouble() * 1e4, 1000, random.nextInt(3), random.nextInt(19));
        }
        List<Object> outputs = StateRoundTrip.check(items.length, StateRoundTrip.everyStep(items.length),
                () -> new SlidingWindow<>(CAPACITY, MohammadiStats.empty(20), MohammadiStats::plus),
                (w, i) -> {
                    w.add(items[i]);
                    MohammadiStats a = w.aggregate();
                    return List.of(StateRoundTrip.bits(a.sumLnAbsBlocks(), a.sumLnAbsValues()), a.blocks(), w.size());
                },
                SlidingWindow::state,
                s -> SlidingWindow.restore(CAPACITY, MohammadiStats.empty(20), MohammadiStats::plus, s));
        assertEquals(items.length, outputs.size());
    }

    @Test
    void theStateKeepsTheOrderOfANonCommutativeCombine() {
        StateRoundTrip.check(25, StateRoundTrip.everyStep(25), () -> new SlidingWindow<>(4, "", String::concat),
                (w, i) -> {
                    w.add(Character.toString('a' + i));
                    return w.aggregate();
                },
                SlidingWindow::state, s -> SlidingWindow.restore(4, "", String::concat, s));
    }

    @Test
    void aStateLargerThanTheCapacityIsRefused() {
        SlidingWindow.State<String> state = new SlidingWindow.State<>(List.of("a", "b", "c"), 1);
        assertThrows(IllegalArgumentException.class, () -> SlidingWindow.restore(2, "", String::concat, state));
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow.State<>(List.of("a"), 2));
    }
}
