package dev.tailwatch.trainer.model;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * Builds the networks. Plain SGD (no momentum, no weight decay), as the seed papers train, so that the
 * noise measured is the noise of SGD itself. No dropout and no batch normalisation: both would make a
 * gradient computed at fixed weights depend on more than the minibatch.
 */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    /**
     * The learning rate over iterations: {@code lr}, multiplied by {@code lrDecay} every {@code lrStep}
     * iterations (1 = constant). The trainer reads the rate it reports from this same schedule.
     */
    public static ISchedule learningRate(double lr, double lrDecay, int lrStep) {
        return new StepSchedule(ScheduleType.ITERATION, lr, lrDecay, Math.max(1, lrStep));
    }

    public static MultiLayerNetwork build(ModelSpec spec, int channels, int height, int width, int classes,
                                          ISchedule schedule, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(schedule))
                .weightInit(WeightInit.XAVIER)
                .list();
        int index = 0;
        if (spec.kind() == ModelSpec.Kind.FCN) {
            for (int d = 0; d < spec.depth(); d++) {
                layers.layer(index++, new DenseLayer.Builder().name("dense" + d).nOut(spec.width())
                        .activation(Activation.RELU).build());
            }
        } else {
            int f = spec.filters();
            layers.layer(index++, new ConvolutionLayer.Builder(5, 5).name("conv0").nOut(f).padding(2, 2)
                    .activation(Activation.RELU).build());
            layers.layer(index++, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool0")
                    .kernelSize(2, 2).stride(2, 2).build());
            layers.layer(index++, new ConvolutionLayer.Builder(5, 5).name("conv1").nOut(2 * f).padding(2, 2)
                    .activation(Activation.RELU).build());
            layers.layer(index++, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).name("pool1")
                    .kernelSize(2, 2).stride(2, 2).build());
            layers.layer(index++, new DenseLayer.Builder().name("dense0").nOut(8 * f).activation(Activation.RELU).build());
            layers.layer(index++, new DenseLayer.Builder().name("dense1").nOut(4 * f).activation(Activation.RELU).build());
        }
        OutputLayer output = spec.loss() == ModelSpec.Loss.HINGE
                ? new OutputLayer.Builder(LossFunctions.LossFunction.HINGE).name("output").nOut(classes)
                        .activation(Activation.IDENTITY).build()
                : new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).name("output").nOut(classes)
                        .activation(Activation.SOFTMAX).build();
        layers.layer(index, output);
        InputType input = spec.kind() == ModelSpec.Kind.CNN || channels > 1
                ? InputType.convolutionalFlat(height, width, channels)
                : InputType.feedForward((long) channels * height * width);
        if (spec.kind() == ModelSpec.Kind.CNN && height * width < 16) {
            throw new IllegalArgumentException("a CNN needs image data; this data set has " + height + "×" + width + " inputs");
        }
        MultiLayerConfiguration conf = layers.setInputType(input).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
