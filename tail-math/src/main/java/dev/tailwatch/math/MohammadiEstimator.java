package dev.tailwatch.math;

/**
 * The block-sum tail-index estimator of Mohammadi, Mohammadpour and Ogata (2015), used by Şimşekli et
 * al. (2019) on SGD noise: α̂ = ln K1 / (mean_i ln|Y_i| − mean_k ln|x_k|), Y_i the sums of K1
 * consecutive values.
 *
 * <p>Conventions (DESIGN.md): ±0, NaN and ±Inf are dropped and counted before blocking; only the first
 * K1·K2 usable values enter either mean; blocks summing to exactly 0 are left out of mean ln|Y|; K1 is
 * {@link BlockSize#auto} unless fixed; arithmetic is double; α̂ is never clipped.
 */
public final class MohammadiEstimator implements TailIndexEstimator {

    public static final String NAME = "mohammadi";

    private final int fixedK1;

    /** An estimator choosing K1 from N by {@link BlockSize#auto}. */
    public MohammadiEstimator() {
        this.fixedK1 = 0;
    }

    /**
     * An estimator with a fixed block size, as rolling windows need (statistics only merge at equal K1).
     *
     * @param fixedK1 the block size, ≥ 2
     */
    public MohammadiEstimator(int fixedK1) {
        if (fixedK1 < 2) {
            throw new IllegalArgumentException("K1 must be at least 2, was " + fixedK1);
        }
        this.fixedK1 = fixedK1;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The fixed K1, or 0 when K1 is chosen per sample. */
    public int fixedK1() {
        return fixedK1;
    }

    @Override
    public AlphaResult estimate(float[] values) {
        return stats(values).toResult();
    }

    @Override
    public AlphaResult estimate(double[] values) {
        return stats(values).toResult();
    }

    /** Sufficient statistics of float32 values (for merging across layers and windows). */
    public MohammadiStats stats(float[] values) {
        // Optimistic single pass: most noise samples contain no unusable value at all.
        MohammadiStats fast = values.length < Math.max(BlockSize.MIN_VALUES, fixedK1)
                ? null : statsIfAllUsable(values, values.length, 0);
        if (fast != null) {
            return fast;
        }
        float[] usable = UsableValues.compactFloats(values);
        long dropped = values.length - usable.length;
        MohammadiStats compacted = statsIfAllUsable(usable, usable.length, dropped);
        if (compacted == null) {
            throw new IllegalStateException("compacted values still contain an unusable value");
        }
        return compacted;
    }

    private MohammadiStats statsIfAllUsable(float[] values, int n, long dropped) {
        int k1 = blockSizeFor(n);
        int k2 = n / k1;
        int used = k1 * k2;
        // The kernel only sees whole blocks; an unusable value in the truncated tail would still change N.
        if (UsableValues.count(values, used, n) != n - used) {
            return null;
        }
        MohammadiStats stats = Float32BlockKernel.blocks(values, 0, k1, k2, n - used);
        if (stats == null) {
            return null;
        }
        return dropped == 0 ? stats : new MohammadiStats(stats.k1(), stats.sumLnAbsBlocks(), stats.blocks(),
                stats.zeroBlocks(), stats.sumLnAbsValues(), stats.values(), dropped, stats.truncated());
    }

    /** Sufficient statistics of float64 values: one log per value, for inputs that are not float32. */
    public MohammadiStats stats(double[] values) {
        double[] usable = UsableValues.compact(values);
        int n = usable.length;
        int k1 = blockSizeFor(n);
        int k2 = n / k1;
        double sumLnBlocks = 0.0;
        long nonZeroBlocks = 0;
        long zeroBlocks = 0;
        double sumLnValues = 0.0;
        int i = 0;
        for (int block = 0; block < k2; block++) {
            double y = 0.0;
            for (int end = i + k1; i < end; i++) {
                y += usable[i];
                sumLnValues += Math.log(Math.abs(usable[i]));
            }
            // A block sum that overflows carries no more information than one that cancels to 0.
            if (y != 0.0 && Double.isFinite(y)) {
                sumLnBlocks += Math.log(Math.abs(y));
                nonZeroBlocks++;
            } else {
                zeroBlocks++;
            }
        }
        return new MohammadiStats(k1, sumLnBlocks, nonZeroBlocks, zeroBlocks, sumLnValues,
                (long) k1 * k2, values.length - n, n - (long) k1 * k2);
    }

    private int blockSizeFor(int usable) {
        if (fixedK1 == 0) {
            return BlockSize.auto(usable);
        }
        if (fixedK1 > usable) {
            throw new IllegalArgumentException("K1=" + fixedK1 + " is larger than the " + usable + " usable values");
        }
        return fixedK1;
    }
}
