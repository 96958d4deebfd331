package dev.tailwatch.bench.paper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One axis of the grid the paper varies, with what the paper reports along it and the runs that lie on it
 * (the other two settings at their base values).
 */
enum Sweep {
    WIDTH("width", "units per hidden layer", GridRun::width, true,
            "Fig. 4 (MNIST, FCN): α decreases as the network gets wider"),
    DEPTH("depth", "hidden layers", GridRun::depth, false,
            "Fig. 4 (MNIST, FCN): α decreases as the network gets deeper, more strongly than with width"),
    BATCH("batch", "minibatch size b", GridRun::batch, true,
            "Fig. 6: α does not increase with the minibatch size (the noise does not become Gaussian as b grows)");

    final String name;
    final String axis;
    final ToIntFunction<GridRun> setting;
    final boolean logAxis;
    final String paper;

    Sweep(String name, String axis, ToIntFunction<GridRun> setting, boolean logAxis, String paper) {
        this.name = name;
        this.axis = axis;
        this.setting = setting;
        this.logAxis = logAxis;
        this.paper = paper;
    }

    /** The results on this sweep: the two other settings at their base values. */
    List<RunResult> on(List<RunResult> results, GridRun base) {
        List<RunResult> on = new ArrayList<>();
        for (RunResult r : results) {
            GridRun g = r.run();
            boolean width = g.width() == base.width() || this == WIDTH;
            boolean depth = g.depth() == base.depth() || this == DEPTH;
            boolean batch = g.batch() == base.batch() || this == BATCH;
            if (width && depth && batch) {
                on.add(r);
            }
        }
        on.sort((a, b) -> Integer.compare(setting.applyAsInt(a.run()), setting.applyAsInt(b.run())));
        return on;
    }

    /** The settings distinct along this sweep. */
    long distinctSettings(List<RunResult> on) {
        return on.stream().mapToInt(r -> setting.applyAsInt(r.run())).distinct().count();
    }

    /** Where a setting lies on the fitted axis: log2 for width and batch size, the setting itself for depth. */
    double x(int value) {
        return logAxis ? Math.log(value) / Math.log(2) : value;
    }

    /** What one unit of the fitted axis is, in words. */
    String unit() {
        return logAxis ? "per doubling of the " + name : "per added hidden layer";
    }

    /** α's trend along this sweep, from the runs' network-wide tail averages. */
    Trend trend(List<RunResult> on) {
        List<Trend.Point> points = new ArrayList<>();
        for (RunResult r : on) {
            if (r.network() != null && r.network().points() > 0) {
                points.add(new Trend.Point(x(setting.applyAsInt(r.run())), r.network().mean(), r.network().stderr()));
            }
        }
        return Trend.fit(points);
    }
}
