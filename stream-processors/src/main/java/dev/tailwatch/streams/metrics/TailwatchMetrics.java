package dev.tailwatch.streams.metrics;

import dev.tailwatch.schema.ProbeLabels;
import dev.tailwatch.schema.avro.ProbeMode;
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
 * <p>Labels are run / layer / scope / estimator / q / split / type / reason / probe only — never a
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
    static final String DEAD_LETTER_WRITE_FAILURES = "tailwatch.dead.letter.write.failures";
    static final String SNAPSHOT_BYTES = "tailwatch.state.snapshot.bytes";
    static final String SNAPSHOTS = "tailwatch.state.snapshots";
    static final String PROBE_INFO = "tailwatch.run.probe.info";

    private final MeterRegistry registry;
    /** Gauges only hold weak references to their state; these maps keep the state alive. */
    private final Map<Meter.Id, GaugeValue> gauges = new ConcurrentHashMap<>();
    /**
     * The meters by name and label values, looked up on every record. Building Tags and a Meter.Id per
     * update (sorting and comparing tags) was the processors' largest cost after the estimators.
     */
    private final Map<MeterKey, GaugeValue> gaugesByKey = new ConcurrentHashMap<>();
    private final Map<MeterKey, Counter> countersByKey = new ConcurrentHashMap<>();

    /** A meter's name and label values (labels in the fixed order each method uses); run first, or null. */
    private record MeterKey(String name, String run, String a, String b, String c) {
    }

    public TailwatchMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** {@code tailwatch_alpha} and {@code tailwatch_alpha_stderr}; layer is a name or "all", scope iteration|rolling. */
    public void alpha(String run, String layer, String scope, String estimator, double alpha, double stderr) {
        gauge(new MeterKey(ALPHA, run, layer, scope, estimator), null, "Latest tail-index estimate α̂.",
                "run", run, "layer", layer, "scope", scope, "estimator", estimator).set(alpha);
        gauge(new MeterKey(ALPHA_STDERR, run, layer, scope, estimator), null, "Standard error of the latest α̂ (delta method).",
                "run", run, "layer", layer, "scope", scope, "estimator", estimator).set(stderr);
    }

    public void iteration(String run, long iteration) {
        gauge(new MeterKey(ITERATION, run, null, null, null), null, "Latest training iteration seen.", "run", run).set(iteration);
    }

    public void trainingLoss(String run, double loss) {
        gauge(new MeterKey(TRAINING_LOSS, run, null, null, null), null, "Latest training loss.", "run", run).set(loss);
    }

    /** split is "train" or "test". */
    public void trainingAccuracy(String run, String split, double accuracy) {
        gauge(new MeterKey(TRAINING_ACCURACY, run, split, null, null), null, "Latest accuracy, as a ratio.", "run", run, "split", split)
                .set(accuracy);
    }

    /** {@code tailwatch_events_total}; type is the lower-case event type, e.g. alpha_drop. */
    public void event(String run, String type, String layer) {
        counter(new MeterKey(EVENTS, run, type, layer, null), "Detector events.", "run", run, "type", type, "layer", layer).increment();
    }

    /**
     * {@code tailwatch_layer_alpha_i{q}}: q is the quantile level (0.1/0.5/0.9) over the layer's
     * parameters. Not {@code quantile}: the exposition format reserves that label for summaries, and
     * {@code promtool check metrics} rejects it on a gauge; {@code q} keeps the meaning and matches the
     * dashboards' legend (q0.1).
     */
    public void layerAlphaI(String run, String layer, double p10, double p50, double p90) {
        String description = "Quantiles of the per-parameter tail indices α_i of a layer.";
        gauge(new MeterKey(LAYER_ALPHA_I, run, layer, "0.1", null), null, description, "run", run, "layer", layer, "q", "0.1").set(p10);
        gauge(new MeterKey(LAYER_ALPHA_I, run, layer, "0.5", null), null, description, "run", run, "layer", layer, "q", "0.5").set(p50);
        gauge(new MeterKey(LAYER_ALPHA_I, run, layer, "0.9", null), null, description, "run", run, "layer", layer, "q", "0.9").set(p90);
    }

    public void sasWinsRatio(String run, String layer, double ratio) {
        gauge(new MeterKey(LAYER_SAS_WINS, run, layer, null, null), null,
                "Fraction of tracked parameters whose noise an SαS law fits better than a Gaussian.", "run", run, "layer", layer).set(ratio);
    }

    public void noiseValues(String run, long count) {
        counter(new MeterKey(NOISE_VALUES, run, null, null, null), "Noise values consumed.", "run", run).increment(count);
    }

    /** {@code tailwatch_dead_letters_total{reason}}. */
    public void deadLetter(String reason) {
        counter(new MeterKey(DEAD_LETTERS, null, reason, null, null), "Records sent to the dead-letter topic.", "reason", reason)
                .increment();
    }

    /** {@code tailwatch_dead_letter_write_failures_total}: dead letters the topic did not take (skipped, logged). */
    public void deadLetterWriteFailed() {
        counter(new MeterKey(DEAD_LETTER_WRITE_FAILURES, null, null, null, null),
                "Dead letters that could not be written to the dead-letter topic and were skipped.").increment();
    }

    /** {@code tailwatch_state_snapshot_bytes_total} and {@code tailwatch_state_snapshots_total}: analysis state written to the changelog. */
    public void snapshotWritten(long bytes) {
        counter(new MeterKey(SNAPSHOT_BYTES, null, null, null, null),
                "Bytes of analysis snapshots written to the state store's changelog.").increment(bytes);
        counter(new MeterKey(SNAPSHOTS, null, null, null, null), "Analysis snapshots written (one per changed run and commit).")
                .increment();
    }

    public void lastRecord(String run, double epochSeconds) {
        gauge(new MeterKey(LAST_RECORD, run, null, null, null), "seconds", "Record timestamp of the latest record of the run.", "run", run)
                .set(epochSeconds);
    }

    /** Removes every series labelled with the run. */
    /**
     * {@code tailwatch_run_probe_info{run, probe} 1}: which probe measured the run's noise (exact, window, ema), so a
     * dashboard can say whether its α is the paper's measurement or an approximation. Set from every noise record,
     * so it follows the partitions like the run's other series, with no state of its own.
     */
    public void probe(String run, ProbeMode mode) {
        String name = ProbeLabels.of(mode);
        gauge(new MeterKey(PROBE_INFO, run, name, null, null), null,
                "Which noise probe measured the run (1 per run and probe): exact is the paper's definition, window and ema approximations.",
                "run", run, "probe", name).set(1);
    }

    public void removeRun(String run) {
        List<Meter> meters = registry.getMeters().stream().filter(m -> run.equals(m.getId().getTag("run"))).toList();
        gaugesByKey.keySet().removeIf(k -> run.equals(k.run()));
        countersByKey.keySet().removeIf(k -> run.equals(k.run()));
        for (Meter meter : meters) {
            registry.remove(meter);
            gauges.remove(meter.getId());
        }
    }

    private GaugeValue gauge(MeterKey key, String baseUnit, String description, String... labels) {
        GaugeValue known = gaugesByKey.get(key);
        if (known != null) {
            return known;
        }
        return gaugesByKey.computeIfAbsent(key, k -> gauge(k.name(), baseUnit, Tags.of(labels), description));
    }

    private Counter counter(MeterKey key, String description, String... labels) {
        Counter known = countersByKey.get(key);
        if (known != null) {
            return known;
        }
        return countersByKey.computeIfAbsent(key, k -> Counter.builder(k.name()).description(description).tags(labels).register(registry));
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
