package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.streams.replay.InputRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    /** The file's records encoded for the topic, with the key and timestamp each carries; empty when the file is absent. */
    static <V extends SpecificRecord> List<InputRecord> read(Path dir, TopicSpec<V> topic) throws BadInputException {
        Path file = file(dir, topic);
        List<InputRecord> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try (DataFileReader<V> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(topic.valueType()))) {
            for (V record : reader) {
                out.add(new InputRecord(topic.name(), String.valueOf(field(record, "runId")), topic.valueSerde().encode(record),
                        timestamp(record)));
            }
        } catch (IOException | RuntimeException e) {
            throw new BadInputException(file + ": not a readable " + topic.shortName() + " export: " + e.getMessage());
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
