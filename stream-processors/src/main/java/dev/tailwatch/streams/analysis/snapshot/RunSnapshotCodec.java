package dev.tailwatch.streams.analysis.snapshot;

import dev.tailwatch.schema.AvroSerde;
import dev.tailwatch.schema.SchemaHistory;
import dev.tailwatch.schema.UndecodableRecordException;
import dev.tailwatch.schema.UnknownSchemaVersionException;
import dev.tailwatch.schema.avro.RunSnapshot;
import dev.tailwatch.schema.avro.snapshot.AnalysisParameters;
import dev.tailwatch.schema.avro.snapshot.RunFlagsState;
import dev.tailwatch.streams.analysis.AnalysisConfig;
import dev.tailwatch.streams.analysis.RunAnalyzer;
import dev.tailwatch.streams.analysis.RunAnalyzerState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Writes a run's analysis state ({@link RunAnalyzer} and the processor's {@link RunFlags}) as a
 * {@code RunSnapshot} record and restores it: restore → continue gives bit-identical outputs to never
 * having stopped.
 *
 * <p>The bytes are Avro single-object encoding ({@link AvroSerde}): the writer schema's fingerprint
 * says which format version wrote them, every version in {@code avro-history/RunSnapshot/} is read
 * through schema resolution, and an unknown one is refused naming the version it claims (the record's
 * first field) and the versions this processor reads. A snapshot also records the analysis options it
 * was taken with and is refused when they differ from this codec's.
 */
public final class RunSnapshotCodec {

    /** The format version this processor writes: the current schema's number in the history. */
    public static final int CURRENT_VERSION = currentVersion();

    /** Single-object header: marker C3 01 and the 8-byte fingerprint; the record's first field follows. */
    private static final int RECORD_OFFSET = 10;
    private static final String REBUILD = "start with a new application id to rebuild the analysis from the input topics";

    private final AnalysisConfig config;
    private final AnalysisParameters parameters;
    private final AvroSerde<RunSnapshot> serde;

    public RunSnapshotCodec(AnalysisConfig config) {
        this(config, List.of());
    }

    /** Also reads snapshots written with these schemas (a newer writer's, for tests of the refusal path). */
    RunSnapshotCodec(AnalysisConfig config, Collection<Schema> extraWriterSchemas) {
        this.config = config;
        this.parameters = ConfigParameters.of(config);
        this.serde = new AvroSerde<>(RunSnapshot.class, extraWriterSchemas);
    }

    /**
     * The snapshot of an analyzer and its run's flags.
     *
     * @throws IllegalArgumentException when the analyzer runs with other options than this codec's: the
     *                                  snapshot would then be refused by its own decode
     */
    public byte[] encode(RunAnalyzer analyzer, RunFlags flags) {
        if (!analyzer.config().equals(config)) {
            throw new IllegalArgumentException("run " + analyzer.runId() + " is analysed with other options than this codec's");
        }
        RunAnalyzerState state = analyzer.state();
        return serde.encode(SnapshotWriter.write(CURRENT_VERSION, config, state, flags));
    }

    /**
     * Restores a snapshot into a fresh analyzer running with this codec's configuration.
     *
     * @throws SnapshotFormatException (one line) when the bytes are in a format version this processor does
     *                                 not read, were taken with other analysis options, or are no snapshot
     */
    public RestoredRun decode(byte[] bytes) {
        if (bytes == null) {
            throw new SnapshotFormatException("run snapshot: no bytes (null); " + REBUILD);
        }
        RunSnapshot snapshot;
        try {
            snapshot = serde.decode(bytes);
        } catch (UnknownSchemaVersionException e) {
            throw new SnapshotFormatException(unknownVersion(bytes, e.fingerprint()), e);
        } catch (UndecodableRecordException e) {
            throw new SnapshotFormatException("run snapshot: not a tailwatch run snapshot, or damaged (" + oneLine(e.getMessage())
                    + "); " + REBUILD, e);
        }
        int version = snapshot.getFormatVersion();
        if (version < 1 || version > CURRENT_VERSION) {
            throw new SnapshotFormatException("run snapshot of " + snapshot.getRunId() + " claims format version " + version
                    + ", this processor reads " + supported() + "; " + REBUILD);
        }
        Optional<String> difference = ConfigParameters.firstDifference(snapshot.getConfig(), parameters);
        if (difference.isPresent()) {
            throw new SnapshotFormatException("run snapshot of " + snapshot.getRunId() + " was taken with other analysis options: "
                    + difference.get() + " (snapshot vs this processor); run with the same analysis options or a new "
                    + "application id");
        }
        RunAnalyzer analyzer;
        try {
            analyzer = RunAnalyzer.restore(config, SnapshotReader.read(snapshot));
        } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | NullPointerException e) {
            throw new SnapshotFormatException("run snapshot of " + snapshot.getRunId() + " (format version " + version
                    + ") is damaged: " + oneLine(String.valueOf(e.getMessage())) + "; " + REBUILD, e);
        }
        RunFlagsState f = snapshot.getFlags();
        return new RestoredRun(analyzer, new RunFlags(f.getFinished(), f.getStallReported(), f.getLastInputWallMs()));
    }

    /** The version a newer writer's snapshot claims in its first field, read without knowing its schema. */
    private static String unknownVersion(byte[] bytes, long fingerprint) {
        String claimed = claimedVersion(bytes).map(v -> "format version " + v).orElse("an unreadable format version");
        String found = "run snapshot in " + claimed + " (schema fingerprint " + Long.toHexString(fingerprint) + ")";
        if (claimedVersion(bytes).filter(v -> v > CURRENT_VERSION).isPresent()) {
            return found + ", but this processor reads " + supported() + ": it was written by a newer tailwatch; run that "
                    + "version, or " + REBUILD;
        }
        return found + " matches no released schema (this processor reads " + supported() + "): not written by a released "
                + "tailwatch, or damaged; " + REBUILD;
    }

    /** Avro's zig-zag varint int at the start of the record, if it is one. */
    private static Optional<Integer> claimedVersion(byte[] bytes) {
        long raw = 0;
        for (int i = 0; i < 5 && RECORD_OFFSET + i < bytes.length; i++) {
            int b = bytes[RECORD_OFFSET + i] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                long value = (raw >>> 1) ^ -(raw & 1);
                return value == (int) value ? Optional.of((int) value) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String supported() {
        return CURRENT_VERSION == 1 ? "format version 1" : "format versions 1–" + CURRENT_VERSION;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    private static int currentVersion() {
        List<Schema> history = SchemaHistory.versions(RunSnapshot.getClassSchema().getName());
        if (history.isEmpty() || !history.get(history.size() - 1).equals(RunSnapshot.getClassSchema())) {
            throw new IllegalStateException("the RunSnapshot schema is not the latest in avro-history/RunSnapshot: add it as v"
                    + (history.size() + 1) + ".avsc (schemas/README.md)");
        }
        return history.size();
    }
}
