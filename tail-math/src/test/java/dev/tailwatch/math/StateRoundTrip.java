package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The check every exportable state must pass: take the state at a cut, restore it into a new object,
 * feed both the rest of the input, and compare each step's output with an uninterrupted run — with
 * {@code equals}, so doubles (boxed or in records) must match to the bit.
 */
public final class StateRoundTrip {

    /** Applies input step i to the object and returns what it produced then. */
    public interface Step<X> {
        Object apply(X x, int i);
    }

    private StateRoundTrip() {
    }

    /**
     * @return the uninterrupted run's outputs, one per step, for the caller to check they are not trivial
     */
    public static <X, S> List<Object> check(int steps, List<Integer> cuts, Supplier<X> fresh, Step<X> step,
                                            Function<X, S> state, Function<S, X> restore) {
        X reference = fresh.get();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            expected.add(step.apply(reference, i));
        }
        assertTrue(!cuts.isEmpty(), "no cut points");
        for (int cut : cuts) {
            X original = fresh.get();
            for (int i = 0; i < cut; i++) {
                step.apply(original, i);
            }
            X restored = restore.apply(state.apply(original));
            X again = restore.apply(state.apply(restored));
            for (int i = cut; i < steps; i++) {
                assertEquals(expected.get(i), step.apply(restored, i), "restored at step " + cut + ", step " + i);
                assertEquals(expected.get(i), step.apply(again, i), "restored twice at step " + cut + ", step " + i);
                // Reading the state must not have changed the object it was read from.
                assertEquals(expected.get(i), step.apply(original, i), "original after its state was read, step " + i);
            }
        }
        return expected;
    }

    /** Every step from 0 to steps − 1. */
    public static List<Integer> everyStep(int steps) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            cuts.add(i);
        }
        return cuts;
    }

    /** The raw bits, so that outputs compare NaN payloads and −0.0 as well. */
    public static List<Long> bits(double... values) {
        List<Long> bits = new ArrayList<>(values.length);
        for (double v : values) {
            bits.add(Double.doubleToRawLongBits(v));
        }
        return bits;
    }
}
