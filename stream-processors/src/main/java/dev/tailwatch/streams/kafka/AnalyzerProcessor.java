package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.schema.avro.RunStatus;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.AlphaPoint;
import dev.tailwatch.streams.analysis.AnalysisSink;
import dev.tailwatch.streams.analysis.EventPoint;
import dev.tailwatch.streams.analysis.LayerStatsPoint;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RejectReason;
import dev.tailwatch.streams.analysis.RejectedInputException;
import dev.tailwatch.streams.metrics.TailwatchMetrics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the runs, noise and metrics topics of its partition and drives one {@code RunAnalyzer} per
 * run. Every input that cannot be used goes to the dead-letter topic with its reason and source
 * coordinates, and processing goes on: no input can stop this processor.
 *
 * <p>The runs' state lives in the task's {@link AnalysisStateStore} (changelogged, snapshotted at each
 * commit), so a restart, a rebalance or a revived task continues every run exactly where the committed
 * outputs left it. This class keeps no analysis state of its own; its {@link CommitPacer} decides only when
 * outputs commit, not what they are.
 */
final class AnalyzerProcessor implements Processor<String, byte[], String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(AnalyzerProcessor.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(5);

    private final ProcessorSettings settings;
    private final TailwatchMetrics metrics;
    private final InputDecoder decoder;
    private final AvroSerde<RunInfo> runSerde = new AvroSerde<>(RunInfo.class);
    /** Runs whose series this task has put on /metrics: removed when the task closes or moves away. */
    private final Set<String> exported = new HashSet<>();
    private final CommitPacer pacer = new CommitPacer(ProcessorSettings.LIVE_INPUT_AGE);
    private AnalysisStateStore store;
    private ProcessorContext<String, Object> context;

    AnalyzerProcessor(ProcessorSettings settings, TailwatchMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.decoder = new InputDecoder(settings.maxRecordBytes());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(AnalysisStateStore.NAME);
        context.schedule(HOUSEKEEPING, PunctuationType.WALL_CLOCK_TIME, this::housekeeping);
        if (settings.pacesCommits()) {
            context.schedule(settings.commitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
                if (pacer.commitDue()) {
                    context.commit();
                }
            });
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
        pacer.processed(record.timestamp(), now());
        try {
            if (topic.equals(Topics.NOISE.name())) {
                processNoise(record);
            } else if (topic.equals(Topics.METRICS.name())) {
                processMetrics(record);
            } else if (topic.equals(Topics.RUNS.name())) {
                processRunInfo(record);
            }
        } catch (RejectedInputException | RuntimeException e) {
            RejectReason reason = RejectReason.of(e);
            if (reason == RejectReason.PROCESSING_ERROR) {
                LOG.error("analysis failed on a record of {}; sent to the dead-letter topic", topic, e);
            }
            deadLetter(record, reason, String.valueOf(e.getMessage()), e instanceof RejectedInputException ? e.getCause() : e);
        }
    }

    private void processNoise(Record<String, byte[]> record) throws RejectedInputException {
        NoiseSample sample = decoder.noiseRecord(record.key(), record.value());
        NoiseInput input = InputDecoder.noiseInput(sample);
        RunState run = run(input.runId());
        run.analyzer.onNoise(input, sinkFor(record));
        run.touched(now());
        exported.add(input.runId());
        metrics.noiseValues(input.runId(), input.values().length);
        metrics.probe(input.runId(), sample.getMode());
        metrics.lastRecord(input.runId(), record.timestamp() / 1000.0);
    }

    private void processMetrics(Record<String, byte[]> record) throws RejectedInputException {
        TrainingMetrics m = decoder.metricsRecord(record.key(), record.value());
        String runId = m.getRunId();
        RunState run = run(runId);
        run.analyzer.onMetrics(InputDecoder.metricsInput(m), sinkFor(record));
        run.touched(now());
        exported.add(runId);
        metrics.iteration(runId, m.getIteration());
        metrics.trainingLoss(runId, m.getLoss());
        if (m.getTrainAccuracy() != null) {
            metrics.trainingAccuracy(runId, "train", m.getTrainAccuracy());
        }
        if (m.getTestAccuracy() != null) {
            metrics.trainingAccuracy(runId, "test", m.getTestAccuracy());
        }
        metrics.lastRecord(runId, record.timestamp() / 1000.0);
    }

    private void processRunInfo(Record<String, byte[]> record) throws RejectedInputException {
        RunInfo info = runSerde.decode(record.value());
        if (info == null) {
            return;
        }
        InputDecoder.checkKey(record.key(), info.getRunId());
        RunState run = run(info.getRunId());
        run.touched(now());
        run.finished = info.getStatus() == RunStatus.FINISHED || info.getStatus() == RunStatus.FAILED;
    }

    private RunState run(String runId) {
        return store.getOrCreate(runId, () -> new RunState(runId, settings.analysis(), now()));
    }

    private AnalysisSink sinkFor(Record<String, byte[]> input) {
        return new AnalysisSink() {
            @Override
            public void alpha(AlphaPoint p) {
                context.forward(new Record<>(p.runId(), AvroRecords.alpha(p), input.timestamp()), TailwatchTopology.ALPHA_SINK);
                metrics.alpha(p.runId(), p.layer(), p.scope().label(), p.estimator(), p.alpha(), p.stderr());
            }

            @Override
            public void event(EventPoint e) {
                emitEvent(e, input.timestamp());
            }

            @Override
            public void layerStats(LayerStatsPoint s) {
                context.forward(new Record<>(s.runId(), AvroRecords.layerStats(s), input.timestamp()),
                        TailwatchTopology.LAYER_STATS_SINK);
                if (s.coordinates() > 0) {
                    metrics.layerAlphaI(s.runId(), s.layer(), s.alphaIP10(), s.alphaIP50(), s.alphaIP90());
                    metrics.sasWinsRatio(s.runId(), s.layer(), s.sasWinsFraction());
                }
            }
        };
    }

    private void emitEvent(EventPoint e, long timestamp) {
        TailEvent event = AvroRecords.event(e);
        context.forward(new Record<>(e.runId(), event, timestamp), TailwatchTopology.EVENTS_SINK);
        exported.add(e.runId());
        metrics.event(e.runId(), e.kind().label(), e.layer());
    }

    private void deadLetter(Record<String, byte[]> record, RejectReason reason, String detail, Throwable cause) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        context.forward(new Record<>(record.key(), DeadLetters.of(source, record.key(), record.value(), reason, detail,
                cause, now()), record.timestamp()), TailwatchTopology.DLQ_SINK);
        metrics.deadLetter(reason.code());
    }

    /** Stall reports and eviction run on wall-clock time: a silent run produces no records to react to. */
    private void housekeeping(long nowMs) {
        for (String runId : store.runIds()) {
            RunState run = store.get(runId);
            long silentMs = nowMs - run.lastInputWallMs;
            if (silentMs >= settings.idleEviction().toMillis()) {
                store.delete(runId);
                exported.remove(runId);
                metrics.removeRun(runId);
                continue;
            }
            if (!run.finished && !run.stallReported && silentMs >= settings.stallTimeout().toMillis()) {
                run.stallReported = true;
                store.changed(runId);
                emitEvent(new EventPoint(runId, run.analyzer.lastIteration(), "", EventPoint.Kind.RUN_STALLED,
                        run.lastInputWallMs / 1000.0, nowMs / 1000.0, silentMs / 1000.0, "stall",
                        Map.of("timeout_seconds", settings.stallTimeout().toMillis() / 1000.0),
                        "no records for " + silentMs / 1000 + " s from a run that has not finished", nowMs), nowMs);
            }
        }
    }

    /**
     * The task is closing: it was revoked, moved to another instance, or is being revived after an error. Its
     * runs' series leave this instance's /metrics now, so a run is only ever exported by the instance that
     * owns its partition (the new owner exports it from its next record on).
     */
    @Override
    public void close() {
        for (String runId : exported) {
            metrics.removeRun(runId);
        }
        exported.clear();
    }

    private long now() {
        return context.currentSystemTimeMs();
    }
}
