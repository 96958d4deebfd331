package dev.tailwatch.bench.paper;

import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.AlphaScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One α series of a run as the processors published it: iteration → α, for one layer (or "all") and scope. */
record AlphaSeries(String layer, AlphaScope scope, TreeMap<Long, Double> points) {

    static final String NETWORK = "all";

    /** Every series of the records, network-wide first, then the layers in the order they first appear. */
    static List<AlphaSeries> of(List<AlphaEstimate> records, AlphaScope scope) {
        Map<String, TreeMap<Long, Double>> byLayer = new LinkedHashMap<>();
        byLayer.put(NETWORK, new TreeMap<>());
        for (AlphaEstimate a : records) {
            if (a.getScope() == scope) {
                // A re-delivered record of the same iteration carries the same value: the last one stands.
                byLayer.computeIfAbsent(a.getLayer().toString(), k -> new TreeMap<>()).put(a.getIteration(), a.getAlpha());
            }
        }
        List<AlphaSeries> series = new ArrayList<>();
        byLayer.forEach((layer, points) -> series.add(new AlphaSeries(layer, scope, points)));
        return series;
    }

    /** The estimates from {@code from} on, in iteration order. */
    List<Double> from(long from) {
        return new ArrayList<>(points.tailMap(from, true).values());
    }
}
