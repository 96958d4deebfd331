package dev.tailwatch.math.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "The run jumps when α is at its minimum" (Şimşekli et al. 2019, Fig. 7): a training-metric jump that
 * lands where α has bottomed out.
 *
 * <p>α is smoothed by a centred moving average of 2·{@code smoothing}+1 observations. For a jump at
 * monitored position j, let m be smoothed α at j and M the minimum of smoothed α over
 * [j − lookBack, j + lookAhead]. The jump is at an α minimum when m − M ≤ z · σ_d, σ_d being the noise
 * of a difference of two smoothed values, estimated robustly from the raw series (MAD of first
 * differences). A jump while α is still falling fails (α goes well below m within lookAhead); so does a
 * jump long after the minimum once α has risen. The decision waits lookAhead + smoothing observations.
 * Feed α observations and jumps in iteration order.
 */
public final class JumpAtMinimumDetector {

    /** Parameters; see the class comment. */
    public record Parameters(int smoothing, int lookBack, int lookAhead, double z) {
        public Parameters {
            if (smoothing < 0 || lookBack < 1 || lookAhead < 1 || z <= 0) {
                throw new IllegalArgumentException("need smoothing ≥ 0, lookBack ≥ 1, lookAhead ≥ 1, z > 0");
            }
        }

        public static Parameters defaults() {
            return new Parameters(5, 50, 20, 3.0);
        }

        Map<String, Double> asMap() {
            return Map.of("smoothing", (double) smoothing, "look_back", (double) lookBack,
                    "look_ahead", (double) lookAhead, "z", z);
        }
    }

    /** A metric jump placed at an α observation (its absolute position), waiting for its decision. */
    public record PendingJump(Change jump, int position) {
    }

    /**
     * α observations kept behind the newest beyond what one decision looks at, so that a metric jump
     * arriving up to this many monitored iterations after its α is still judged on the same data.
     */
    static final int LATE_SLACK = 200;

    private final Parameters p;
    /** Raw α observations and their iterations, from the oldest still needed. */
    private final List<Double> alphas = new ArrayList<>();
    private final List<Long> iterations = new ArrayList<>();
    private final List<PendingJump> pending = new ArrayList<>();
    /** Jumps whose iteration no α observation has reached yet. */
    private final List<Change> unplaced = new ArrayList<>();
    /** Absolute position of alphas.get(0). */
    private int offset;

    public JumpAtMinimumDetector(Parameters parameters) {
        this.p = parameters;
    }

    /**
     * The detector's exact state, for snapshots (the parameters are not part of it).
     *
     * @param alphas     the α observations kept, oldest first
     * @param iterations their iterations, as many as alphas
     * @param offset     absolute position of the first kept observation
     * @param pending    placed jumps waiting for their decision, in arrival order
     * @param unplaced   jumps no α observation has reached yet, in arrival order
     */
    public record State(double[] alphas, long[] iterations, int offset, List<PendingJump> pending, List<Change> unplaced) {
        public State {
            pending = List.copyOf(pending);
            unplaced = List.copyOf(unplaced);
        }
    }

    /** A copy of the exact state. */
    public State state() {
        return new State(alphas.stream().mapToDouble(Double::doubleValue).toArray(),
                iterations.stream().mapToLong(Long::longValue).toArray(), offset, pending, unplaced);
    }

    /**
     * A detector with these parameters that goes on exactly as the one the state was taken from.
     *
     * @throws IllegalArgumentException when alphas and iterations differ in length
     */
    public static JumpAtMinimumDetector restore(Parameters parameters, State state) {
        if (state.alphas().length != state.iterations().length) {
            throw new IllegalArgumentException(state.alphas().length + " α observations but " + state.iterations().length
                    + " iterations");
        }
        JumpAtMinimumDetector d = new JumpAtMinimumDetector(parameters);
        for (int i = 0; i < state.alphas().length; i++) {
            d.alphas.add(state.alphas()[i]);
            d.iterations.add(state.iterations()[i]);
        }
        d.offset = state.offset();
        d.pending.addAll(state.pending());
        d.unplaced.addAll(state.unplaced());
        return d;
    }

    /**
     * A metric jump. It is placed at the last α observation at or before its iteration, as soon as an α
     * observation at or after its iteration is known, so the result does not depend on whether the
     * metrics or the α of an iteration arrive first (live processing and replay interleave them
     * differently). It is decided once enough observations have followed; if they already have, now.
     *
     * @return the jump, when it is decided now and lies at an α minimum
     */
    public List<Change> jump(Change metricJump) {
        long t = metricJump.iteration();
        if (iterations.isEmpty() || iterations.get(iterations.size() - 1) < t) {
            unplaced.add(metricJump);
            return List.of();
        }
        PendingJump placed = new PendingJump(metricJump, positionAtOrBefore(t));
        // A jump that arrives after the observations its decision needs is decided now, not at the next α
        // (which may never come, at the end of a run).
        if (offset + alphas.size() - 1 >= placed.position() + p.lookAhead() + p.smoothing()) {
            return decide(placed).map(List::of).orElse(List.of());
        }
        pending.add(placed);
        return List.of();
    }

    private int positionAtOrBefore(long t) {
        int index = 0;
        for (int i = 0; i < iterations.size() && iterations.get(i) <= t; i++) {
            index = i;
        }
        return offset + index;
    }

    /** One α observation (in iteration order); returns the jumps now decided to be at an α minimum. */
    public List<Change> observe(long iteration, double alpha) {
        List<Change> decided = new ArrayList<>();
        if (!Double.isFinite(alpha)) {
            return decided;
        }
        alphas.add(alpha);
        iterations.add(iteration);
        for (Iterator<Change> it = unplaced.iterator(); it.hasNext(); ) {
            Change jump = it.next();
            if (jump.iteration() <= iteration) {
                it.remove();
                pending.add(new PendingJump(jump, positionAtOrBefore(jump.iteration())));
            }
        }
        int last = offset + alphas.size() - 1;
        for (Iterator<PendingJump> it = pending.iterator(); it.hasNext(); ) {
            PendingJump j = it.next();
            if (last < j.position() + p.lookAhead() + p.smoothing()) {
                continue;
            }
            it.remove();
            decide(j).ifPresent(decided::add);
        }
        trim();
        return decided;
    }

    private Optional<Change> decide(PendingJump j) {
        int first = Math.max(offset + p.smoothing(), j.position() - p.lookBack());
        int lastCentre = j.position() + p.lookAhead();
        if (j.position() - p.smoothing() < offset || lastCentre < first) {
            return Optional.empty();
        }
        double atJump = smoothed(j.position());
        double minimum = Double.POSITIVE_INFINITY;
        int argmin = j.position();
        for (int c = first; c <= lastCentre; c++) {
            double s = smoothed(c);
            if (s < minimum) {
                minimum = s;
                argmin = c;
            }
        }
        double tolerance = p.z() * differenceNoise(j.position());
        if (atJump - minimum > tolerance) {
            return Optional.empty();
        }
        Change jump = j.jump();
        long minimumIteration = iterations.get(argmin - offset);
        return Optional.of(new Change(Change.Kind.JUMP_AT_ALPHA_MIN, jump.iteration(), minimumIteration,
                jump.before(), jump.after(), atJump - minimum, "jump-at-alpha-min", p.asMap(), String.format(
                        "%s at iteration %d landed where α bottomed out (smoothed α %.3f there; lowest %.3f at iteration %d)",
                        jump.kind() == Change.Kind.LOSS_JUMP ? "loss jump" : "accuracy jump", jump.iteration(),
                        atJump, minimum, minimumIteration)));
    }

    private double smoothed(int centre) {
        double sum = 0;
        for (int i = centre - p.smoothing(); i <= centre + p.smoothing(); i++) {
            sum += alphas.get(i - offset);
        }
        return sum / (2 * p.smoothing() + 1);
    }

    /**
     * Noise σ of (smoothed − smoothed): raw σ from the MAD of first differences (robust to the trend),
     * over the observations the decision looks at — a fixed window, so the answer does not depend on
     * how much history happens to be kept.
     */
    private double differenceNoise(int position) {
        int from = Math.max(offset, position - p.lookBack() - p.smoothing());
        int to = Math.min(offset + alphas.size() - 1, position + p.lookAhead() + p.smoothing());
        int n = to - from + 1;
        if (n < 3) {
            return 0;
        }
        double[] diffs = new double[n - 1];
        for (int i = 1; i < n; i++) {
            diffs[i - 1] = alphas.get(from + i - offset) - alphas.get(from + i - 1 - offset);
        }
        Arrays.sort(diffs);
        double median = diffs[diffs.length / 2];
        double[] deviations = Arrays.stream(diffs).map(d -> Math.abs(d - median)).sorted().toArray();
        double sigmaRaw = 1.4826 * deviations[deviations.length / 2] / Math.sqrt(2);
        return sigmaRaw * Math.sqrt(2.0 / (2 * p.smoothing() + 1));
    }

    /** Keeps only what a pending or a future jump's decision can still look at. */
    private void trim() {
        int oldestNeeded = offset + alphas.size() - 1 - p.lookBack() - p.lookAhead() - 2 * p.smoothing() - 1 - LATE_SLACK;
        for (PendingJump j : pending) {
            oldestNeeded = Math.min(oldestNeeded, j.position() - p.lookBack() - p.smoothing());
        }
        int drop = Math.max(0, oldestNeeded - offset);
        if (drop > 0) {
            alphas.subList(0, drop).clear();
            iterations.subList(0, drop).clear();
            offset += drop;
        }
    }
}
