package dev.tailwatch.cli.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tailwatch.schema.avro.LayerStats;
import java.io.IOException;

/** One layer's α_i median, its 10–90 % band and the SαS-wins fraction over the layer-statistics windows, downsampled. */
final class LayerStatsSeries {

    private final MinMaxSeries median;
    private final BandSeries band;
    private final MinMaxSeries sasWins;

    LayerStatsSeries(int points) {
        median = new MinMaxSeries(points);
        band = new BandSeries(points);
        sasWins = new MinMaxSeries(points);
    }

    void add(LayerStats s) {
        if (s.getAlphaIP50() != null) {
            median.add(s.getIteration(), s.getAlphaIP50());
        }
        band.add(s.getIteration(), s.getAlphaIP10(), s.getAlphaIP90());
        if (s.getSasWinsFraction() != null) {
            sasWins.add(s.getIteration(), s.getSasWinsFraction());
        }
    }

    /** {"median": [[it, v]...], "band": [[it, p10, p90]...], "sasWins": [[it, v]...]} */
    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        RunView.writeSeries(g, "median", median);
        g.writeArrayFieldStart("band");
        IOException[] failure = new IOException[1];
        band.forEachBand((iteration, low, high) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                g.writeArray(new double[] {iteration, low, high}, 0, 3);
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        g.writeEndArray();
        RunView.writeSeries(g, "sasWins", sasWins);
        g.writeEndObject();
    }
}
