package dev.tailwatch.trainer.probe;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where each trainable layer's parameters sit in the network's flattened parameter (and gradient)
 * vector: layer by layer, in the order DL4J lays them out (weights then bias, weights in 'f' order).
 * Layers without parameters (pooling) are left out.
 */
public record LayerLayout(String name, int networkIndex, long offset, long parameters, List<Long> weightShape) {

    public static List<LayerLayout> of(MultiLayerNetwork net) {
        List<LayerLayout> layouts = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            long n = layer.numParams();
            if (n > 0) {
                INDArray w = layer.getParam("W");
                List<Long> shape = new ArrayList<>();
                if (w != null) {
                    for (long s : w.shape()) {
                        shape.add(s);
                    }
                }
                String name = layer.conf().getLayer().getLayerName();
                layouts.add(new LayerLayout(name == null ? "layer" + i : name, i, offset, n, shape));
            }
            offset += n;
        }
        return layouts;
    }
}
