package dev.tailwatch.trainer.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.ProbeMode;
import dev.tailwatch.trainer.data.Dataset;
import dev.tailwatch.trainer.data.DatasetSpec;
import dev.tailwatch.trainer.model.ModelSpec;
import dev.tailwatch.trainer.train.TrainConfig;
import dev.tailwatch.trainer.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The probes against DL4J's own gradients, on a real network and the shipped digits. */
class NoiseProbeTest {

    private static Dataset digits;

    @BeforeAll
    static void load() throws Exception {
        Dataset all = DatasetSpec.load("mnist");
        int[] first = new int[1200];
        java.util.Arrays.setAll(first, i -> i);
        digits = all.select(first, "digits");
    }

    private static TrainConfig config(ProbeMode probe, long iterations) {
        return new TrainConfig("t", new ModelSpec(ModelSpec.Kind.FCN, 2, 32, 0, ModelSpec.Loss.XENT), "mnist", 0.1, 1.0, 1000,
                20, iterations, probe, 3, 6, 25, 0, 0.9, 1000, 0.2, 7);
    }

    @Test
    void exactNoiseIsCentredAndMatchesDl4jsOwnGradients() {
        Trainer trainer = new Trainer(config(ProbeMode.EXACT, 5), digits);
        MultiLayerNetwork net = trainer.network();
        List<LayerLayout> layers = trainer.layers();
        assertEquals(List.of("dense0", "dense1", "output"), layers.stream().map(LayerLayout::name).toList());
        assertEquals(net.numParams(), layers.get(2).offset() + layers.get(2).parameters());

        List<INDArray[]> batches = fourBatches();
        ExactNoiseProbe probe = new ExactNoiseProbe(layers, trainer.coordinates(), batches, 0);
        INDArray before = net.params().dup();
        List<ProbedNoise> noise = probe.measure(net, 0);
        assertEquals(before, net.params(), "the probe does not touch the weights");

        // The same gradients straight from DL4J, divided by the batch (its gradient is the minibatch sum).
        double[][] own = new double[4][];
        for (int i = 0; i < 4; i++) {
            net.setInput(batches.get(i)[0]);
            net.setLabels(batches.get(i)[1]);
            net.computeGradientAndScore();
            own[i] = net.getFlattenedGradients().toDoubleVector();
        }
        // The full gradient of the union equals the mean of the minibatch gradients.
        net.setInput(Nd4j.vstack(batches.stream().map(b -> b[0]).toArray(INDArray[]::new)));
        net.setLabels(Nd4j.vstack(batches.stream().map(b -> b[1]).toArray(INDArray[]::new)));
        net.computeGradientAndScore();
        double[] union = net.getFlattenedGradients().toDoubleVector();

        for (int l = 0; l < layers.size(); l++) {
            ProbedNoise n = noise.get(l);
            int[] idx = trainer.coordinates().of(l);
            assertEquals(4, n.rows());
            assertEquals(idx.length, n.cols());
            for (int j = 0; j < idx.length; j++) {
                long at = layers.get(l).offset() + idx[j];
                double mean = 0;
                double columnSum = 0;
                for (int i = 0; i < 4; i++) {
                    mean += own[i][(int) at] / 20 / 4;
                    columnSum += n.values()[i * idx.length + j];
                }
                assertEquals(union[(int) at] / 80, mean, 1e-6 + 1e-4 * Math.abs(mean), "full gradient = mean of minibatch gradients");
                assertEquals(0.0, columnSum, 1e-6, "noise of a coordinate sums to zero over the minibatches");
                for (int i = 0; i < 4; i++) {
                    assertEquals(own[i][(int) at] / 20 - mean, n.values()[i * idx.length + j], 1e-6 + 1e-4 * Math.abs(mean),
                            "layer " + l + " coordinate " + idx[j] + " minibatch " + i);
                }
            }
        }
    }

    private static List<INDArray[]> fourBatches() {
        List<INDArray[]> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            INDArray f = Nd4j.create(java.util.Arrays.copyOfRange(digits.features(), i * 20 * 784, (i + 1) * 20 * 784), 20, 784);
            INDArray l = Nd4j.zeros(20, 10);
            for (int r = 0; r < 20; r++) {
                l.putScalar(r, digits.labels()[i * 20 + r], 1.0);
            }
            batches.add(new INDArray[] {f, l});
        }
        return batches;
    }

    @Test
    void wholeLayerSamplesAreSeriesOfTheirOwnAndHoldTheWholeLayer() {
        Trainer trainer = new Trainer(config(ProbeMode.EXACT, 1), digits);
        MultiLayerNetwork net = trainer.network();
        List<LayerLayout> layers = trainer.layers();
        List<INDArray[]> batches = fourBatches();
        // The output layer (32×10 + 10 = 330 parameters) fits the cap whole; the others are strided samples of 330.
        List<ProbedNoise> noise = new ExactNoiseProbe(layers, trainer.coordinates(), batches, 330).measure(net, 0);
        assertEquals(6, noise.size());
        for (int l = 0; l < 3; l++) {
            ProbedNoise whole = noise.get(3 + l);
            assertEquals(layers.get(l).name() + ":whole", whole.layer());
            assertEquals(false, whole.tracked());
            assertEquals(3, whole.layerCount(), "whole-layer samples do not add layers to the iteration");
            assertTrue(whole.cols() > 200 && whole.cols() <= 330, "an evenly strided sample up to the cap: " + whole.cols());
        }
        double[][] own = new double[4][];
        for (int i = 0; i < 4; i++) {
            net.setInput(batches.get(i)[0]);
            net.setLabels(batches.get(i)[1]);
            net.computeGradientAndScore();
            own[i] = net.getFlattenedGradients().toDoubleVector();
        }
        ProbedNoise output = noise.get(5);
        assertEquals(330, output.cols(), "a layer within the cap is sent whole");
        for (int j = 0; j < 330; j++) {
            int at = (int) layers.get(2).offset() + j;
            double mean = (own[0][at] + own[1][at] + own[2][at] + own[3][at]) / 80;
            for (int i = 0; i < 4; i++) {
                assertEquals(own[i][at] / 20 - mean, output.values()[i * 330 + j], 1e-6 + 1e-4 * Math.abs(mean), "parameter " + j);
            }
        }
    }

    @Test
    void theExactProbeLeavesTheTrainingTrajectoryUnchanged() {
        Trainer withProbe = new Trainer(config(ProbeMode.EXACT, 12), digits);
        Trainer without = new Trainer(config(ProbeMode.OFF, 12), digits);
        List<List<ProbedNoise>> published = new ArrayList<>();
        withProbe.run(recording(published), (i, l, a, s) -> { }, () -> false);
        without.run(null, (i, l, a, s) -> { }, () -> false);
        assertEquals(4, published.size(), "iterations 0, 3, 6, 9");
        assertEquals(without.network().params(), withProbe.network().params());
    }

    @Test
    void layersPoolTheirNoiseInProportionToTheirSizeAndSayHowMuchInRunInfoAndEverySample() {
        TrainConfig thousand = new TrainConfig("t", new ModelSpec(ModelSpec.Kind.FCN, 2, 32, 0, ModelSpec.Loss.XENT), "mnist",
                0.1, 1.0, 1000, 20, 1, ProbeMode.EXACT, 3, 4, 1000, 0, 0.9, 1000, 0.2, 7);
        Trainer trainer = new Trainer(thousand, digits);
        List<LayerLayout> layers = trainer.layers();
        assertEquals(List.of(25_120L, 1_056L, 330L), layers.stream().map(LayerLayout::parameters).toList(),
                "784·32+32, 32·32+32, 32·10+10");
        // 1,000 tracked, 330 in the output layer; pooled: all of the biggest layer's, round(1000·1056/25120) = 42
        // and round(1000·330/25120) = 13, so each layer's pooled count is 1000/25120 of its parameters.
        List<Integer> expected = List.of(1_000, 42, 13);

        assertEquals(expected, trainer.runInfo(dev.tailwatch.schema.avro.RunStatus.STARTED, 0, null, null).getLayers().stream()
                .map(dev.tailwatch.schema.avro.LayerInfo::getNetworkColumns).toList());
        List<ProbedNoise> noise = new ExactNoiseProbe(layers, trainer.coordinates(), fourBatches(), 0).measure(trainer.network(), 0);
        assertEquals(List.of(1_000, 1_000, 330), noise.stream().map(ProbedNoise::cols).toList());
        assertEquals(expected, noise.stream().map(ProbedNoise::networkColumns).toList());
        dev.tailwatch.trainer.publish.RunPublisher publisher = recording(new ArrayList<>());
        for (int l = 0; l < layers.size(); l++) {
            byte[] bytes = dev.tailwatch.schema.Topics.NOISE.valueSerde().encode(publisher.sample(0, noise.get(l), 5));
            assertEquals(expected.get(l), dev.tailwatch.schema.Topics.NOISE.valueSerde().decode(bytes).getNetworkColumns());
        }
    }

    @Test
    void trackedCoordinatesAreFixedBySeedAndListedInRunInfo() {
        Trainer a = new Trainer(config(ProbeMode.EXACT, 1), digits);
        Trainer b = new Trainer(config(ProbeMode.EXACT, 1), digits);
        for (int l = 0; l < a.layers().size(); l++) {
            assertArrayEquals(a.coordinates().of(l), b.coordinates().of(l));
            int[] idx = a.coordinates().of(l);
            assertEquals(25, idx.length);
            for (int j = 1; j < idx.length; j++) {
                assertTrue(idx[j] > idx[j - 1]);
            }
            List<Integer> listed = a.runInfo(dev.tailwatch.schema.avro.RunStatus.STARTED, 0, null, null).getLayers().get(l)
                    .getTrackedCoordinates();
            assertEquals(java.util.Arrays.stream(idx).boxed().toList(), listed);
        }
    }

    @Test
    void emaNoiseIsTheGradientMinusTheAverageOfPastGradients() {
        Trainer trainer = new Trainer(config(ProbeMode.ONLINE, 25), digits);
        List<float[][]> gradients = new ArrayList<>();
        trainer.network().addListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
                gradients.add(GradientReader.tracked(((MultiLayerNetwork) model).getFlattenedGradients(), trainer.layers(),
                        trainer.coordinates(), 20));
            }
        });
        List<List<ProbedNoise>> published = new ArrayList<>();
        trainer.run(recording(published), (i, l, a, s) -> { }, () -> false);
        assertEquals(25, gradients.size());
        assertEquals(25 - 10, published.size(), "published after a warm-up of 10 iterations");

        // Recompute the moving average (decay 0.9, started at the first gradient) from DL4J's own gradients.
        int layers = trainer.layers().size();
        float[][] average = gradients.get(0);
        for (int it = 1; it < 25; it++) {
            float[][] g = gradients.get(it);
            for (int l = 0; l < layers; l++) {
                if (it >= 10) {
                    ProbedNoise n = published.get(it - 10).get(l);
                    assertEquals(it, n.iteration());
                    assertEquals(1, n.rows());
                    assertEquals(25, n.cols());
                    for (int j = 0; j < g[l].length; j++) {
                        assertEquals(g[l][j] - average[l][j], n.values()[j], 1e-6f, "iteration " + it + " layer " + l);
                    }
                }
                float[] next = new float[g[l].length];
                for (int j = 0; j < next.length; j++) {
                    next[j] = (float) (0.9 * average[l][j] + 0.1 * g[l][j]);
                }
                average[l] = next;
            }
        }
    }

    private static TrainConfig windowConfig(ProbeMode probe, long iterations) {
        return new TrainConfig("t", new ModelSpec(ModelSpec.Kind.FCN, 2, 32, 0, ModelSpec.Loss.XENT), "mnist", 0.1, 1.0, 1000,
                20, iterations, probe, 10, 4, 25, 0, 0.9, 1000, 0.2, 7);
    }

    @Test
    void windowNoiseIsTheLastStepsGradientsMinusTheirMean() {
        Trainer trainer = new Trainer(windowConfig(ProbeMode.WINDOW, 25), digits);
        List<float[][]> gradients = new ArrayList<>();
        trainer.network().addListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
                gradients.add(GradientReader.tracked(((MultiLayerNetwork) model).getFlattenedGradients(), trainer.layers(),
                        trainer.coordinates(), 20));
            }
        });
        List<List<ProbedNoise>> published = new ArrayList<>();
        trainer.run(recording(published), (i, l, a, s) -> { }, () -> false);
        assertEquals(25, gradients.size());
        assertEquals(2, published.size(), "one sample per full period of 10 iterations: at 9 and 19");
        for (int s = 0; s < 2; s++) {
            long end = 10L * s + 9;
            for (int l = 0; l < trainer.layers().size(); l++) {
                ProbedNoise n = published.get(s).get(l);
                assertEquals(end, n.iteration());
                assertEquals(4, n.rows());
                assertEquals(25, n.cols());
                assertEquals(l, n.layerIndex());
                assertEquals(3, n.layerCount());
                for (int j = 0; j < 25; j++) {
                    double mean = 0;
                    for (int i = 0; i < 4; i++) {
                        mean += gradients.get((int) end - 3 + i)[l][j] / 4.0;
                    }
                    for (int i = 0; i < 4; i++) {
                        assertEquals(gradients.get((int) end - 3 + i)[l][j] - mean, n.values()[i * 25 + j], 1e-6,
                                "sample " + s + " layer " + l + " row " + i + " coordinate " + j);
                    }
                }
            }
        }
    }

    @Test
    void allProbesWatchingOneRunLeaveItsTrajectoryUnchanged() {
        Trainer watched = new Trainer(windowConfig(ProbeMode.EXACT, 25), digits);
        Trainer without = new Trainer(windowConfig(ProbeMode.OFF, 25), digits);
        List<List<ProbedNoise>> exact = new ArrayList<>();
        List<List<ProbedNoise>> window = new ArrayList<>();
        List<List<ProbedNoise>> ema = new ArrayList<>();
        List<List<ProbedNoise>> paired = new ArrayList<>();
        PairedNoiseProbe pairs = new PairedNoiseProbe(watched.layers(), watched.coordinates(), 10, 4, (it, n) -> paired.add(n));
        watched.run(null, List.of(watched.probe(ProbeMode.EXACT, (it, n) -> exact.add(n)),
                watched.probe(ProbeMode.WINDOW, (it, n) -> window.add(n)), watched.probe(ProbeMode.ONLINE, (it, n) -> ema.add(n)),
                pairs), (i, l, a, s) -> { }, () -> false);
        without.run(null, (i, l, a, s) -> { }, () -> false);
        assertEquals(3, exact.size(), "iterations 0, 10, 20");
        assertEquals(2, window.size(), "iterations 9, 19");
        assertEquals(2, paired.size(), "iterations 9, 19");
        assertEquals(25 - 10, ema.size(), "after the warm-up of 10");
        assertEquals(without.network().params(), watched.network().params());
    }

    @Test
    void pairedNoiseIsTheDifferenceOfConsecutiveStepsOverRootTwo() {
        Trainer trainer = new Trainer(windowConfig(ProbeMode.OFF, 10), digits);
        List<float[][]> gradients = new ArrayList<>();
        trainer.network().addListeners(new org.deeplearning4j.optimize.api.BaseTrainingListener() {
            @Override
            public void onGradientCalculation(org.deeplearning4j.nn.api.Model model) {
                gradients.add(GradientReader.tracked(((MultiLayerNetwork) model).getFlattenedGradients(), trainer.layers(),
                        trainer.coordinates(), 20));
            }
        });
        List<List<ProbedNoise>> published = new ArrayList<>();
        PairedNoiseProbe probe = new PairedNoiseProbe(trainer.layers(), trainer.coordinates(), 10, 4, (it, n) -> published.add(n));
        probe.batchSize(20);
        trainer.run(null, List.of(probe), (i, l, a, s) -> { }, () -> false);
        assertEquals(1, published.size());
        ProbedNoise n = published.get(0).get(1);
        assertEquals(9, n.iteration());
        assertEquals(4, n.rows());
        for (int row = 0; row < 4; row++) {
            for (int j = 0; j < 25; j++) {
                double expected = (gradients.get(3 + 2 * row)[1][j] - (double) gradients.get(2 + 2 * row)[1][j]) / Math.sqrt(2);
                assertEquals(expected, n.values()[row * 25 + j], 1e-6, "row " + row + " coordinate " + j);
            }
        }
    }

    @Test
    void runInfoNamesTheProbeAndOnlyTheParametersItUses() {
        var window = new Trainer(windowConfig(ProbeMode.WINDOW, 1), digits).runInfo(dev.tailwatch.schema.avro.RunStatus.STARTED, 0, null, null)
                .getProbe();
        assertEquals(ProbeMode.WINDOW, window.getMode());
        assertEquals(10, window.getEveryIterations());
        assertEquals(4, window.getProbeBatches());
        assertEquals(20, window.getProbeBatchSize());
        assertEquals(0.0, window.getEmaDecay());
        assertEquals("window: every 10 iterations, the minibatch gradients (batch 20) of the last 4 training steps, noise = g_i - mean; "
                + "25 tracked coordinates per layer", window.getDescription());
        var ema = new Trainer(config(ProbeMode.ONLINE, 1), digits).runInfo(dev.tailwatch.schema.avro.RunStatus.STARTED, 0, null, null)
                .getProbe();
        assertEquals(ProbeMode.ONLINE, ema.getMode());
        assertEquals(1, ema.getEveryIterations());
        assertEquals(1, ema.getProbeBatches());
        assertEquals(0.9, ema.getEmaDecay());
        assertTrue(ema.getDescription().startsWith("ema (an approximation"), ema.getDescription());
        var exact = new Trainer(config(ProbeMode.EXACT, 1), digits).runInfo(dev.tailwatch.schema.avro.RunStatus.STARTED, 0, null, null)
                .getProbe();
        assertEquals(3, exact.getEveryIterations());
        assertEquals(6, exact.getProbeBatches());
        assertTrue(exact.getDescription().startsWith("exact: every 3 iterations, at fixed weights, 6 fixed minibatches of 20"),
                exact.getDescription());
    }

    private static dev.tailwatch.trainer.publish.RunPublisher recording(List<List<ProbedNoise>> sink) {
        return new dev.tailwatch.trainer.publish.RunPublisher(null, "t", ProbeMode.EXACT) {
            @Override
            public void noise(long iteration, List<ProbedNoise> layers) {
                sink.add(layers);
            }

            @Override
            public void runInfo(dev.tailwatch.schema.avro.RunInfo info) {
            }

            @Override
            public void metrics(dev.tailwatch.schema.avro.TrainingMetrics metrics) {
            }
        };
    }
}
