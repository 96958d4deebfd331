package dev.tailwatch.streams.kafka;

import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.avro.NoiseKind;
import dev.tailwatch.schema.avro.NoiseSample;
import dev.tailwatch.schema.avro.TrainingMetrics;
import dev.tailwatch.streams.analysis.MetricsInput;
import dev.tailwatch.streams.analysis.NoiseInput;
import dev.tailwatch.streams.analysis.RejectReason;
import dev.tailwatch.streams.analysis.RejectedInputException;

/**
 * Turns input records (key and value bytes) into analysis inputs, with every check that sends a record
 * to the dead letters. One decoder for the live processors and for replay, so both accept and reject the
 * same records. Decoding errors of the Avro layer (undecodable bytes, unknown schema version) are thrown
 * as the schema module's exceptions.
 */
public final class InputDecoder {

    private final int maxRecordBytes;
    private final AvroSerde<NoiseSample> noiseSerde = new AvroSerde<>(NoiseSample.class);
    private final AvroSerde<TrainingMetrics> metricsSerde = new AvroSerde<>(TrainingMetrics.class);

    public InputDecoder(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    public NoiseInput noise(String key, byte[] bytes) throws RejectedInputException {
        return noiseInput(noiseRecord(key, bytes));
    }

    /** The decoded record, checked for size and key, for what the live processors read beside the values (its probe). */
    public NoiseSample noiseRecord(String key, byte[] bytes) throws RejectedInputException {
        if (bytes == null) {
            throw new RejectedInputException(RejectReason.UNDECODABLE, "null value on the noise topic");
        }
        if (bytes.length > maxRecordBytes) {
            throw new RejectedInputException(RejectReason.OVERSIZED, bytes.length + " bytes is over the limit of " + maxRecordBytes);
        }
        NoiseSample sample = noiseSerde.decode(bytes);
        checkKey(key, sample.getRunId());
        return sample;
    }

    public static NoiseInput noiseInput(NoiseSample sample) throws RejectedInputException {
        float[] values;
        try {
            values = NoiseSamples.values(sample);
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(RejectReason.WRONG_SHAPE, e.getMessage());
        }
        return new NoiseInput(sample.getRunId(), sample.getIteration(), sample.getLayer(), sample.getLayerIndex(),
                sample.getLayerCount(), sample.getKind() == NoiseKind.TRACKED_COORDINATES, sample.getRows(), sample.getCols(),
                values, sample.getTimestampMs(), sample.getNetworkColumns());
    }

    /** The decoded record too, for the gauges the live processors set from it. */
    public TrainingMetrics metricsRecord(String key, byte[] bytes) throws RejectedInputException {
        TrainingMetrics m = bytes == null ? null : metricsSerde.decode(bytes);
        if (m == null) {
            throw new RejectedInputException(RejectReason.UNDECODABLE, "null value on the metrics topic");
        }
        checkKey(key, m.getRunId());
        return m;
    }

    public static MetricsInput metricsInput(TrainingMetrics m) {
        return new MetricsInput(m.getRunId(), m.getIteration(), m.getLoss(), m.getTrainAccuracy(), m.getTestAccuracy(),
                m.getTimestampMs());
    }

    static void checkKey(String key, String runId) throws RejectedInputException {
        if (!runId.equals(key)) {
            throw new RejectedInputException(RejectReason.KEY_MISMATCH,
                    "record key '" + key + "' is not its runId '" + runId + "'; key records by runId");
        }
    }
}
