package dev.tailwatch.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Prometheus series of the processors. Their names and labels are a contract: dashboards, alert
 * rules and outside checks use them, so they are spelled out here once.
 *
 * <p>Labels are run / layer / scope / estimator / quantile / split / type / reason only — never a
 * per-parameter label, which would explode the series count. A run's series are removed with
 * {@link #removeRun} when the run is evicted, so finished runs do not linger on /metrics.
 */
public final class TailwatchMetrics {

    static final String ALPHA = "tailwatch.alpha";
    static final String ALPHA_STDERR = "tailwatch.alpha.stderr";
    static final String ITERATION = "tailwatch.iteration";
    static final String TRAINING_LOSS = "tailwatch.training.loss";
    static final String TRAINING_ACCURACY = "tailwatch.training.accuracy";
    static final String EVENTS = "tailwatch.events";
    static final String LAYER_ALPHA_I = "tailwatch.layer.alpha.i";
    static final String LAYER_SAS_WINS = "tailwatch.layer.sas.wins.ratio";
    static final String NOISE_VALUES = "tailwatch.noise.values";
    static final String DEAD_LETTERS = "tailwatch.dead.letters";
    static final String LAST_RECORD = "tailwatch.last.record.timestamp";

    private final MeterRegistry registry;
    /** Gauges only hold weak references to their state; these maps keep the state alive. */
    private final Map<Meter.Id, GaugeValue> gauges = new ConcurrentHashMap<>();

    public TailwatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** {@code tailwatch_alpha} and {@code tailwatch_alpha_stderr}; layer is a name or "all", scope iteration|rolling. */
    public void alpha(String run, String layer, String scope, String estimator, double alpha, double stderr) {
        Tags tags = Tags.of("run", run, "layer", layer, "scope", scope, "estimator", estimator);
        gauge(ALPHA, null, tags, "Latest tail-index estimate α̂.").set(alpha);
        gauge(ALPHA_STDERR, null, tags, "Standard error of the latest α̂ (delta method).").set(stderr);
    }

    public void iteration(String run, long iteration) {
        gauge(ITERATION, null, Tags.of("run", run), "Latest training iteration seen.").set(iteration);
    }

    public void trainingLoss(String run, double loss) {
        gauge(TRAINING_LOSS, null, Tags.of("run", run), "Latest training loss.").set(loss);
    }

    /** split is "train" or "test". */
    public void trainingAccuracy(String run, String split, double accuracy) {
        gauge(TRAINING_ACCURACY, null, Tags.of("run", run, "split", split), "Latest accuracy, as a ratio.").set(accuracy);
    }

    /** {@code tailwatch_events_total}; type is the lower-case event type, e.g. alpha_drop. */
    public void event(String run, String type, String layer) {
        Counter.builder(EVENTS).description("Detector events.")
                .tags("run", run, "type", type, "layer", layer).register(registry).increment();
    }

    public void layerAlphaI(String run, String layer, double p10, double p50, double p90) {
        String description = "Quantiles of the per-parameter tail indices α_i of a layer.";
        gauge(LAYER_ALPHA_I, null, Tags.of("run", run, "layer", layer, "quantile", "0.1"), description).set(p10);
        gauge(LAYER_ALPHA_I, null, Tags.of("run", run, "layer", layer, "quantile", "0.5"), description).set(p50);
        gauge(LAYER_ALPHA_I, null, Tags.of("run", run, "layer", layer, "quantile", "0.9"), description).set(p90);
    }

    public void sasWinsRatio(String run, String layer, double ratio) {
        gauge(LAYER_SAS_WINS, null, Tags.of("run", run, "layer", layer),
                "Fraction of tracked parameters whose noise an SαS law fits better than a Gaussian.").set(ratio);
    }

    public void noiseValues(String run, long count) {
        Counter.builder(NOISE_VALUES).description("Noise values consumed.")
                .tags("run", run).register(registry).increment(count);
    }

    /** {@code tailwatch_dead_letters_total{reason}}. */
    public void deadLetter(String reason) {
        Counter.builder(DEAD_LETTERS).description("Records sent to the dead-letter topic.")
                .tags("reason", reason).register(registry).increment();
    }

    public void lastRecord(String run, double epochSeconds) {
        gauge(LAST_RECORD, "seconds", Tags.of("run", run), "Record timestamp of the latest record of the run.").set(epochSeconds);
    }

    /** Removes every series labelled with the run. */
    public void removeRun(String run) {
        List<Meter> meters = registry.getMeters().stream().filter(m -> run.equals(m.getId().getTag("run"))).toList();
        for (Meter meter : meters) {
            registry.remove(meter);
            gauges.remove(meter.getId());
        }
    }

    private GaugeValue gauge(String name, String baseUnit, Tags tags, String description) {
        Meter.Id id = new Meter.Id(name, tags, baseUnit, description, Meter.Type.GAUGE);
        return gauges.computeIfAbsent(id, key -> {
            GaugeValue value = new GaugeValue();
            Gauge.builder(name, value, GaugeValue::get).tags(tags).baseUnit(baseUnit).description(description)
                    .register(registry);
            return value;
        });
    }

    /** A settable gauge value (a double stored in a long for atomic, lock-free updates). */
    static final class GaugeValue {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));

        void set(double value) {
            bits.set(Double.doubleToRawLongBits(value));
        }

        double get() {
            return Double.longBitsToDouble(bits.get());
        }
    }
}
