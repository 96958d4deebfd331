package dev.tailwatch.streams.analysis;

import java.util.ArrayList;
import java.util.List;

/** An analysis sink for tests: keeps everything the analysis produced, in order. */
public final class CollectingSink implements AnalysisSink {

    public final List<AlphaPoint> alphas = new ArrayList<>();
    public final List<EventPoint> events = new ArrayList<>();
    public final List<LayerStatsPoint> layerStats = new ArrayList<>();

    @Override
    public void alpha(AlphaPoint point) {
        alphas.add(point);
    }

    @Override
    public void event(EventPoint event) {
        events.add(event);
    }

    @Override
    public void layerStats(LayerStatsPoint stats) {
        layerStats.add(stats);
    }
}
