package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.replay.InputRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * A run on disk: one Avro object container file per topic ({@code runs.avro}, {@code noise.avro},
 * {@code metrics.avro}, {@code alpha.avro}, {@code events.avro}, {@code layer-stats.avro}), each with
 * its schema embedded and the records in their topic order — readable by fastavro/pandas, Spark and
 * DuckDB without tailwatch.
 */
final class RunArchive {

    static final List<TopicSpec<?>> INPUT_TOPICS = List.of(Topics.RUNS, Topics.NOISE, Topics.METRICS);
    static final List<TopicSpec<?>> RESULT_TOPICS = List.of(Topics.ALPHA, Topics.EVENTS, Topics.LAYER_STATS);

    private RunArchive() {
    }

    static Path file(Path dir, TopicSpec<?> topic) {
        return dir.resolve(topic.shortName() + ".avro");
    }

    /** The archive folder a user named: the folder itself, or the folder of a file in it. */
    static Path folderOf(Path input) throws BadInputException {
        if (!Files.exists(input)) {
            throw new BadInputException("--input " + input + ": no such file or folder");
        }
        Path dir = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        if (dir == null || !Files.isRegularFile(file(dir, Topics.NOISE))) {
            throw new BadInputException("--input " + input + ": not an export folder (no noise.avro there); "
                    + "make one with: tailwatch export --bootstrap B --run ID --out DIR");
        }
        return dir;
    }

    /**
     * Writes each topic's values to its file in {@code dir} (created); when a write fails, the files
     * written so far and a folder it created are removed again, so a failed export leaves nothing behind.
     */
    static void writeAll(Path dir, List<TopicSpec<?>> topics, List<List<byte[]>> values) throws IOException {
        Path created = Files.exists(dir) ? null : dir;
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int t = 0; t < topics.size(); t++) {
                written.add(file(dir, topics.get(t)));
                write(dir, topics.get(t), values.get(t));
            }
        } catch (IOException | RuntimeException e) {
            for (Path file : written) {
                Files.deleteIfExists(file);
            }
            if (created != null) {
                Files.deleteIfExists(created);
            }
            throw e;
        }
    }

    /** Writes encoded topic values (as on the wire) to the topic's container file; returns the count. */
    static <V extends SpecificRecord> int write(Path dir, TopicSpec<V> topic, List<byte[]> values) throws IOException {
        Schema schema = SpecificData.get().getSchema(topic.valueType());
        try (DataFileWriter<V> writer = new DataFileWriter<>(new SpecificDatumWriter<>(topic.valueType()))) {
            writer.setCodec(CodecFactory.deflateCodec(6));
            writer.setMeta("tailwatch.topic", topic.name());
            writer.create(schema, file(dir, topic).toFile());
            for (byte[] value : values) {
                writer.append(topic.valueSerde().decode(value));
            }
        }
        return values.size();
    }

    /**
     * The file's records encoded for the topic, with the key and timestamp each carries; empty when the
     * file is absent. A file that is damaged or cut short fails as a whole: Avro's reader takes a file
     * that ends inside a block for one that ends there, so the end must be the end of the last block.
     */
    static <V extends SpecificRecord> List<InputRecord> read(Path dir, TopicSpec<V> topic) throws BadInputException {
        return read(dir, topic, null, new HashSet<>());
    }

    /**
     * As {@link #read(Path, TopicSpec)}, with every record's run id (and so its key) replaced when
     * {@code runIdAs} is not null; the run ids the file holds are added to {@code runIds}.
     */
    static <V extends SpecificRecord> List<InputRecord> read(Path dir, TopicSpec<V> topic, String runIdAs, Set<String> runIds)
            throws BadInputException {
        Path file = file(dir, topic);
        List<InputRecord> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (DataFileReader<V> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(topic.valueType()))) {
            for (V record : reader) {
                runIds.add(String.valueOf(field(record, "runId")));
                if (runIdAs != null) {
                    record.put(record.getSchema().getField("runId").pos(), runIdAs);
                }
                out.add(new InputRecord(topic.name(), String.valueOf(field(record, "runId")), topic.valueSerde().encode(record),
                        timestamp(record)));
            }
            long size = Files.size(file);
            if (reader.previousSync() != size) {
                throw new BadInputException(file + ": truncated or damaged: the last complete block ends at byte "
                        + reader.previousSync() + " of " + size + " (after " + out.size() + " records); export the run again");
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": not a readable " + topic.shortName() + " export (" + e.getMessage()
                    + " after " + out.size() + " records); export the run again");
        }
        return out;
    }

    private static Object field(SpecificRecord record, String name) {
        var f = record.getSchema().getField(name);
        return f == null ? null : record.get(f.pos());
    }

    private static long timestamp(SpecificRecord record) {
        for (String name : List.of("timestampMs", "endedAtMs", "startedAtMs")) {
            Object v = field(record, name);
            if (v instanceof Long l) {
                return l;
            }
        }
        return 0;
    }
}
