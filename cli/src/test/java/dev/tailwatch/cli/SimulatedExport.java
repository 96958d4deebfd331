package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.streams.simulate.AlphaPath;
import dev.tailwatch.streams.simulate.SimulationPublisher;
import dev.tailwatch.streams.simulate.SyntheticRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** An export folder of a simulated run, written as tailwatch export writes one, without a broker. */
final class SimulatedExport {

    private SimulatedExport() {
    }

    /** Writes runs.avro, noise.avro and metrics.avro into {@code dir}; returns each file's record count. */
    static Map<String, Integer> write(Path dir, String run, int iterations) throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        new SimulationPublisher(producer, run, new SyntheticRun(AlphaPath.twoPhase(iterations), 2, 500, -1, 3))
                .publish(iterations, 0, () -> false, (i, a, l, c) -> { });
        Files.createDirectories(dir);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TopicSpec<?> topic : RunArchive.INPUT_TOPICS) {
            List<byte[]> values = producer.history().stream().filter(r -> r.topic().equals(topic.name()))
                    .map(ProducerRecord::value).toList();
            counts.put(topic.shortName(), RunArchive.write(dir, topic, values));
        }
        return counts;
    }
}
