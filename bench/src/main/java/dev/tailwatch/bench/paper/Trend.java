package dev.tailwatch.bench.paper;

import java.util.List;

/**
 * How α moves along one axis of the grid (width, depth or minibatch size): the weighted least-squares slope of
 * the runs' tail averages against x (log2 of the setting for width and batch size, so "per doubling"; the
 * setting itself for depth), with its standard error. The verdict calls a trend only when the slope is more
 * than two standard errors from zero.
 *
 * @param slope   change of α per unit of x
 * @param stderr  standard error of the slope, from the runs' own standard errors (and the scatter about the
 *                line, whichever is larger: runs of one setting are not more alike than their noise says)
 */
record Trend(int points, double slope, double stderr) {

    /** One run's position on the axis and tail average. */
    record Point(double x, double alpha, double stderr) {
    }

    static Trend fit(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            return new Trend(n, Double.NaN, Double.NaN);
        }
        double sw = 0;
        double sx = 0;
        double sy = 0;
        for (Point p : points) {
            double w = weight(p);
            double x = p.x();
            sw += w;
            sx += w * x;
            sy += w * p.alpha();
        }
        double mx = sx / sw;
        double my = sy / sw;
        double sxx = 0;
        double sxy = 0;
        for (Point p : points) {
            double w = weight(p);
            double dx = p.x() - mx;
            sxx += w * dx * dx;
            sxy += w * dx * (p.alpha() - my);
        }
        if (sxx == 0) {
            return new Trend(n, Double.NaN, Double.NaN);
        }
        double slope = sxy / sxx;
        double chi2 = 0;
        for (Point p : points) {
            double r = p.alpha() - (my + slope * (p.x() - mx));
            chi2 += weight(p) * r * r;
        }
        // Scale by the reduced chi-square when the runs scatter more than their standard errors say.
        double scale = n > 2 ? Math.max(1, chi2 / (n - 2)) : 1;
        return new Trend(n, slope, Math.sqrt(scale / sxx));
    }

    /** "decreases", "increases" or "no clear trend", at two standard errors. */
    String verdict() {
        if (Double.isNaN(slope) || Double.isNaN(stderr)) {
            return "not enough runs";
        }
        if (slope < -2 * stderr) {
            return "decreases";
        }
        if (slope > 2 * stderr) {
            return "increases";
        }
        return "no clear trend";
    }

    private static double weight(Point p) {
        // A floor keeps one very quiet run from deciding the line alone.
        double se = Double.isNaN(p.stderr()) ? 0.01 : Math.max(p.stderr(), 0.002);
        return 1 / (se * se);
    }
}
