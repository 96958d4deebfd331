package dev.tailwatch.math;

/** A deliberately naive, sequential implementation of the formula, to check the fast paths against. */
final class ReferenceMohammadi {

    private ReferenceMohammadi() {
    }

    /** α̂ on values that are all usable, with the given K1, one Math.log per value. */
    static double alpha(double[] usable, int k1) {
        int k2 = usable.length / k1;
        double sumLnY = 0;
        int blocks = 0;
        double sumLnX = 0;
        for (int b = 0; b < k2; b++) {
            double y = 0;
            for (int j = 0; j < k1; j++) {
                double x = usable[b * k1 + j];
                y += x;
                sumLnX += Math.log(Math.abs(x));
            }
            if (y != 0) {
                sumLnY += Math.log(Math.abs(y));
                blocks++;
            }
        }
        return Math.log(k1) / (sumLnY / blocks - sumLnX / ((double) k1 * k2));
    }

    /** The same formula but with block sums accumulated in float32, to show what double arithmetic avoids. */
    static double alphaWithFloatSums(float[] usable, int k1) {
        int k2 = usable.length / k1;
        double sumLnY = 0;
        double sumLnX = 0;
        for (int b = 0; b < k2; b++) {
            float y = 0;
            for (int j = 0; j < k1; j++) {
                float x = usable[b * k1 + j];
                y += x;
                sumLnX += Math.log(Math.abs(x));
            }
            sumLnY += Math.log(Math.abs(y));
        }
        return Math.log(k1) / (sumLnY / k2 - sumLnX / ((double) k1 * k2));
    }

    static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
