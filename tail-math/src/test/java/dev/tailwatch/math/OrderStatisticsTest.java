package dev.tailwatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {

    private static double[] sample(Random random, int n, int shape) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = switch (shape) {
                case 0 -> random.nextGaussian();
                case 1 -> random.nextInt(5);          // many ties
                case 2 -> i;                          // sorted
                case 3 -> n - i;                      // reversed
                default -> 7.0;                       // all equal
            };
        }
        return a;
    }

    @Test
    void selectPutsTheSortedValueAtKWithSmallerBeforeAndLargerAfter() {
        Random random = new Random(3);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(300);
            double[] a = sample(random, n, trial % 5);
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = random.nextInt(n);
            OrderStatistics.select(a, 0, n, k);
            assertEquals(sorted[k], a[k], "trial " + trial + ", n " + n + ", k " + k);
            for (int i = 0; i < k; i++) {
                assertTrue(a[i] <= a[k]);
            }
            for (int i = k + 1; i < n; i++) {
                assertTrue(a[i] >= a[k]);
            }
            double[] after = a.clone();
            Arrays.sort(after);
            assertTrue(Arrays.equals(sorted, after), "select only rearranges");
        }
    }

    @Test
    void selectAllGivesEveryRequestedOrderStatistic() {
        Random random = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            int n = 5 + random.nextInt(2000);
            double[] a = sample(random, n, trial % 5);
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int[] indices = McCullochEstimator.quantileIndices(n);
            OrderStatistics.selectAll(a, indices);
            for (int k : indices) {
                assertEquals(sorted[k], a[k], "n " + n + ", k " + k);
            }
        }
    }

    @Test
    void mcCullochAndHillGiveTheBitsTheyGaveOnASortedSample() {
        StableSampler sampler = new StableSampler(1.4, 1.0, 5);
        for (int n : new int[] {50, 1024, 5000}) {
            float[] values = sampler.floats(n);
            double[] sorted = UsableValues.compact(values);
            Arrays.sort(sorted);
            double nu = (McCullochEstimator.quantile(sorted, 0.95) - McCullochEstimator.quantile(sorted, 0.05))
                    / (McCullochEstimator.quantile(sorted, 0.75) - McCullochEstimator.quantile(sorted, 0.25));
            assertEquals(McCullochTable.alphaForNu(nu), new McCullochEstimator().estimate(values).alpha(), 0.0, "McCulloch, n " + n);

            double[] magnitudes = UsableValues.compact(values);
            for (int i = 0; i < magnitudes.length; i++) {
                magnitudes[i] = Math.abs(magnitudes[i]);
            }
            Arrays.sort(magnitudes);
            int m = magnitudes.length;
            int k = Math.max(HillEstimator.MIN_TAIL, (int) Math.floor(0.1 * m));
            double lnThreshold = Math.log(magnitudes[m - k - 1]);
            double sum = 0;
            for (int i = m - k; i < m; i++) {
                sum += Math.log(magnitudes[i]) - lnThreshold;
            }
            assertEquals(k / sum, new HillEstimator(0.1).estimate(values).alpha(), 0.0, "Hill, n " + n);
        }
    }
}
