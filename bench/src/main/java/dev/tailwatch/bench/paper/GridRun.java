package dev.tailwatch.bench.paper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One training run of the reproduction grid: an FCN of {@code depth} hidden layers of {@code width} units. */
record GridRun(int width, int depth, int batch, long seed) {

    /** The run id on the topics: the settings in its name, so a replay or the live page says what it was. */
    String runId(String prefix) {
        return String.format(Locale.ROOT, "%s-w%d-d%d-b%d-s%d", prefix, width, depth, batch, seed);
    }

    String label() {
        return String.format(Locale.ROOT, "width %d, depth %d, batch %d, seed %d", width, depth, batch, seed);
    }

    /**
     * The three sweeps around one base network, as the paper varies one setting at a time: widths at the base
     * depth and batch, depths at the base width and batch, batch sizes at the base network; each seed once,
     * a run shared by two sweeps trained once.
     */
    static List<GridRun> sweeps(List<Integer> widths, List<Integer> depths, List<Integer> batches, int baseWidth, int baseDepth,
                                int baseBatch, List<Long> seeds) {
        Map<String, GridRun> runs = new LinkedHashMap<>();
        for (long seed : seeds) {
            List<GridRun> all = new ArrayList<>();
            widths.forEach(w -> all.add(new GridRun(w, baseDepth, baseBatch, seed)));
            depths.forEach(d -> all.add(new GridRun(baseWidth, d, baseBatch, seed)));
            batches.forEach(b -> all.add(new GridRun(baseWidth, baseDepth, b, seed)));
            all.forEach(r -> runs.putIfAbsent(r.runId("x"), r));
        }
        return List.copyOf(runs.values());
    }
}
