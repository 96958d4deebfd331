package dev.tailwatch.math;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The combined value of the last {@code capacity} items of a stream, under an associative combine.
 *
 * <p>Two-stack sliding aggregation: amortised O(1) per update and, unlike "add the new, subtract the
 * oldest", no subtraction — so a rolling sum of floating-point statistics never drifts, however long the
 * run, and the same inputs always give bit-identical outputs (which replay relies on).
 *
 * @param <T> the aggregated type, e.g. {@link MohammadiStats}
 */
public final class SlidingWindow<T> {

    private final int capacity;
    private final T identity;
    private final BinaryOperator<T> combine;
    /** Items in arrival order, newest last; the oldest are the first {@code front.size()}. */
    private final ArrayDeque<T> items = new ArrayDeque<>();
    /** Suffix aggregates of the older part: front.peek() combines all of it, oldest first. */
    private final ArrayDeque<T> front = new ArrayDeque<>();
    /** Aggregate of the items added since the front part was last rebuilt. */
    private T back;

    /**
     * @param capacity number of most recent items kept, ≥ 1
     * @param identity the neutral element of {@code combine}
     * @param combine  an associative combine (need not be commutative: older items are always on the left)
     */
    public SlidingWindow(int capacity, T identity, BinaryOperator<T> combine) {
        if (capacity < 1) {
            throw new IllegalArgumentException("window capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.identity = identity;
        this.combine = combine;
        this.back = identity;
    }

    /** Adds the newest item, evicting the oldest when full. */
    public void add(T item) {
        items.addLast(item);
        back = combine.apply(back, item);
        if (items.size() > capacity) {
            evictOldest();
        }
    }

    /** The combination of every item in the window, oldest first. */
    public T aggregate() {
        return front.isEmpty() ? back : combine.apply(front.peekFirst(), back);
    }

    public int size() {
        return items.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The items, oldest first (a copy), for persisting the window. */
    public List<T> items() {
        return new ArrayList<>(items);
    }

    /**
     * The window's exact state, for snapshots: its items and how many of the oldest sit in the front
     * part. The partial aggregates are not part of it, because they are a function of those two: the front
     * holds the suffix aggregates of its items (built newest first from the identity) and the back the left
     * fold of the rest from the identity, so {@link #restore} recomputes them with the very same operations
     * in the same order, and the aggregates after a restore are bit-identical to the window's.
     *
     * @param items     the items, oldest first
     * @param frontSize how many of the oldest items the front part covers (0 before the first eviction)
     * @param <T>       the aggregated type
     */
    public record State<T>(List<T> items, int frontSize) {
        public State {
            items = List.copyOf(items);
            if (frontSize < 0 || frontSize > items.size()) {
                throw new IllegalArgumentException("front of " + frontSize + " items in a window of " + items.size());
            }
        }
    }

    /** The window's exact state (see {@link State}). */
    public State<T> state() {
        return new State<>(new ArrayList<>(items), front.size());
    }

    /**
     * A window in exactly the given state: adding the same items to it and to the window the state was
     * taken from gives bit-identical aggregates.
     *
     * @throws IllegalArgumentException when the state holds more items than the capacity
     */
    public static <T> SlidingWindow<T> restore(int capacity, T identity, BinaryOperator<T> combine, State<T> state) {
        SlidingWindow<T> window = new SlidingWindow<>(capacity, identity, combine);
        List<T> items = state.items();
        if (items.size() > capacity) {
            throw new IllegalArgumentException(items.size() + " items in a window of capacity " + capacity);
        }
        window.items.addAll(items);
        T suffix = identity;
        for (int i = state.frontSize() - 1; i >= 0; i--) {
            suffix = combine.apply(items.get(i), suffix);
            window.front.addFirst(suffix);
        }
        T back = identity;
        for (int i = state.frontSize(); i < items.size(); i++) {
            back = combine.apply(back, items.get(i));
        }
        window.back = back;
        return window;
    }

    private void evictOldest() {
        if (front.isEmpty()) {
            // Every item is in the back part: turn it into suffix aggregates, newest folded first.
            T suffix = identity;
            Iterator<T> newestFirst = items.descendingIterator();
            while (newestFirst.hasNext()) {
                suffix = combine.apply(newestFirst.next(), suffix);
                front.addFirst(suffix);
            }
            back = identity;
        }
        front.pollFirst();
        items.pollFirst();
    }
}
