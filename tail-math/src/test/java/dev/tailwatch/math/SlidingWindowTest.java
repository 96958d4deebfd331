package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    @Test
    void aggregatesExactlyTheLastCapacityItemsInOrder() {
        // String concatenation is associative but not commutative: it checks order as well as content.
        SlidingWindow<String> window = new SlidingWindow<>(3, "", String::concat);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String item = Character.toString('a' + i);
            window.add(item);
            seen.add(item);
            String expected = String.join("", seen.subList(Math.max(0, seen.size() - 3), seen.size()));
            assertEquals(expected, window.aggregate(), "after " + (i + 1) + " items");
            assertEquals(Math.min(3, i + 1), window.size());
        }
        assertEquals(List.of("r", "s", "t"), window.items());
    }

    @Test
    void rollingStatisticsEqualAFreshMergeOfTheWindow() {
        int capacity = 7;
        MohammadiEstimator estimator = new MohammadiEstimator(20);
        SlidingWindow<MohammadiStats> window = new SlidingWindow<>(capacity, MohammadiStats.empty(20), MohammadiStats::plus);
        List<MohammadiStats> history = new ArrayList<>();
        StableSampler sampler = new StableSampler(1.2, 1.0, 3);
        for (int i = 0; i < 50; i++) {
            MohammadiStats stats = estimator.stats(sampler.floats(400));
            history.add(stats);
            window.add(stats);
            MohammadiStats fresh = MohammadiStats.empty(20);
            for (MohammadiStats s : history.subList(Math.max(0, history.size() - capacity), history.size())) {
                fresh = fresh.plus(s);
            }
            assertEquals(fresh.blocks(), window.aggregate().blocks());
            assertEquals(fresh.alpha(), window.aggregate().alpha(), 1e-13);
        }
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow<>(0, 0, Integer::sum));
    }
}
