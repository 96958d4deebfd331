package dev.tailwatch.math.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "The run jumps when α is at its minimum" (Şimşekli et al. 2019, Fig. 7): a training-metric jump that
 * lands within ±{@code radius} monitored iterations of a local minimum of α.
 *
 * <p>α is first smoothed by a centred moving average over 2·{@code smoothing}+1 observations. For a jump
 * at monitored position j, the minimum of smoothed α over [j − radius, j + radius] must also be the
 * minimum over [j − lookBack, j + 2·radius]: α reached its lowest recent value near the jump and did not
 * keep falling after it. The decision therefore waits 2·radius + smoothing observations after the jump.
 * Feed α observations and jumps in iteration order.
 */
public final class JumpAtMinimumDetector {

    /** Parameters; see the class comment. */
    public record Parameters(int radius, int smoothing, int lookBack) {
        public Parameters {
            if (radius < 1 || smoothing < 0 || lookBack < radius) {
                throw new IllegalArgumentException("need radius ≥ 1, smoothing ≥ 0, lookBack ≥ radius");
            }
        }

        public static Parameters defaults() {
            return new Parameters(5, 3, 40);
        }

        Map<String, Double> asMap() {
            return Map.of("radius", (double) radius, "smoothing", (double) smoothing, "look_back", (double) lookBack);
        }
    }

    private record Observation(long iteration, double alpha) {
    }

    private record PendingJump(Change jump, long position) {
    }

    private final Parameters p;
    private final ArrayDeque<Observation> raw = new ArrayDeque<>();
    private final List<Double> smoothed = new ArrayList<>();
    private final List<Long> smoothedIterations = new ArrayList<>();
    private final List<PendingJump> pending = new ArrayList<>();
    private long observed;
    private int dropped;

    public JumpAtMinimumDetector(Parameters parameters) {
        this.p = parameters;
    }

    /** A metric jump; it is decided once enough α observations have followed it. */
    public void jump(Change metricJump) {
        pending.add(new PendingJump(metricJump, observed));
    }

    /** One α observation; returns the jumps decided to be at an α minimum. */
    public List<Change> observe(long iteration, double alpha) {
        List<Change> decided = new ArrayList<>();
        if (!Double.isFinite(alpha)) {
            return decided;
        }
        raw.addLast(new Observation(iteration, alpha));
        observed++;
        int width = 2 * p.smoothing() + 1;
        if (raw.size() > width) {
            raw.removeFirst();
        }
        if (raw.size() == width) {
            double sum = 0;
            for (Observation o : raw) {
                sum += o.alpha();
            }
            smoothed.add(sum / width);
            smoothedIterations.add(centre().iteration());
            trim();
        }
        for (Iterator<PendingJump> it = pending.iterator(); it.hasNext(); ) {
            PendingJump j = it.next();
            long lastNeeded = j.position() + 2L * p.radius();
            if (smoothedPosition(lastNeeded) >= smoothed.size()) {
                continue;
            }
            it.remove();
            atMinimum(j).ifPresent(decided::add);
        }
        return decided;
    }

    private Observation centre() {
        Iterator<Observation> it = raw.iterator();
        for (int i = 0; i < p.smoothing(); i++) {
            it.next();
        }
        return it.next();
    }

    /** Index into {@code smoothed} of the observation at this absolute position (smoothing lags). */
    private int smoothedPosition(long position) {
        return (int) (position - p.smoothing() - dropped);
    }

    private Optional<Change> atMinimum(PendingJump j) {
        int centre = smoothedPosition(j.position());
        int from = Math.max(0, centre - p.radius());
        int to = Math.min(smoothed.size() - 1, centre + p.radius());
        if (centre < 0 || from > to) {
            return Optional.empty();
        }
        int argmin = from;
        for (int i = from; i <= to; i++) {
            if (smoothed.get(i) < smoothed.get(argmin)) {
                argmin = i;
            }
        }
        int wideFrom = Math.max(0, centre - p.lookBack());
        int wideTo = Math.min(smoothed.size() - 1, centre + 2 * p.radius());
        for (int i = wideFrom; i <= wideTo; i++) {
            if (smoothed.get(i) < smoothed.get(argmin)) {
                return Optional.empty();
            }
        }
        Change jump = j.jump();
        double minimum = smoothed.get(argmin);
        long minimumIteration = smoothedIterations.get(argmin);
        return Optional.of(new Change(Change.Kind.JUMP_AT_ALPHA_MIN, jump.iteration(), minimumIteration,
                jump.before(), jump.after(), minimum, "jump-at-alpha-min", p.asMap(), String.format(
                        "%s at iteration %d landed at a local α minimum (smoothed α %.3f at iteration %d)",
                        jump.kind() == Change.Kind.LOSS_JUMP ? "loss jump" : "accuracy jump", jump.iteration(),
                        minimum, minimumIteration)));
    }

    /** Keeps only what a pending or future decision can still look at. */
    private void trim() {
        int keep = p.lookBack() + 4 * p.radius() + 2;
        long oldestPending = pending.stream().mapToLong(PendingJump::position).min().orElse(observed);
        while (smoothed.size() > keep && smoothedPosition(oldestPending) - p.lookBack() > 0) {
            smoothed.remove(0);
            smoothedIterations.remove(0);
            dropped++;
        }
    }
}
