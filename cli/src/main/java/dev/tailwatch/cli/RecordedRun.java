package dev.tailwatch.cli;

import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.avro.RunInfo;
import dev.tailwatch.streams.replay.InputRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A recorded run's input records, from a broker's topics or from an export folder. */
record RecordedRun(String runId, String source, RunInfo info, List<InputRecord> noise, List<InputRecord> metrics) {

    static RecordedRun fromBroker(KafkaTarget bootstrap, String runId) throws BadInputException {
        KafkaClients.requireReachable(bootstrap);
        List<InputRecord> noise = fromTopic(bootstrap, Topics.NOISE, runId);
        List<InputRecord> metrics = fromTopic(bootstrap, Topics.METRICS, runId);
        List<InputRecord> runs = fromTopic(bootstrap, Topics.RUNS, runId);
        if (noise.isEmpty() && metrics.isEmpty()) {
            throw new BadInputException("run '" + runId + "' has no noise or metrics records on " + bootstrap + knownRuns(bootstrap));
        }
        return new RecordedRun(runId, "topics of " + bootstrap, latestInfo(runs), noise, metrics);
    }

    static RecordedRun fromArchive(Path input, String runId) throws BadInputException {
        Path dir = RunArchive.folderOf(input);
        List<InputRecord> noise = RunArchive.read(dir, Topics.NOISE);
        List<InputRecord> metrics = RunArchive.read(dir, Topics.METRICS);
        List<InputRecord> runs = RunArchive.read(dir, Topics.RUNS);
        String id = runId;
        if (id == null) {
            List<String> ids = noise.stream().map(InputRecord::key).distinct().toList();
            if (ids.size() != 1) {
                throw new BadInputException("--input " + input + " holds runs " + ids + "; choose one with --run");
            }
            id = ids.get(0);
        }
        String wanted = id;
        noise = noise.stream().filter(r -> wanted.equals(r.key())).toList();
        metrics = metrics.stream().filter(r -> wanted.equals(r.key())).toList();
        runs = runs.stream().filter(r -> wanted.equals(r.key())).toList();
        if (noise.isEmpty() && metrics.isEmpty()) {
            throw new BadInputException("--input " + input + ": no records of run '" + wanted + "'");
        }
        return new RecordedRun(wanted, "export " + dir, latestInfo(runs), noise, metrics);
    }

    private static List<InputRecord> fromTopic(KafkaTarget bootstrap, TopicSpec<?> topic, String runId) throws BadInputException {
        return RunRecords.read(bootstrap, topic.name(), runId).stream()
                .map(r -> new InputRecord(r.topic(), r.key(), r.value(), r.timestamp())).toList();
    }

    private static RunInfo latestInfo(List<InputRecord> runs) {
        RunInfo latest = null;
        for (InputRecord r : runs) {
            try {
                latest = Topics.RUNS.valueSerde().decode(r.value());
            } catch (RuntimeException e) {
                // A damaged RunInfo only costs the report its metadata.
            }
        }
        return latest;
    }

    private static String knownRuns(KafkaTarget bootstrap) {
        try {
            Map<String, Long> counts = RunRecords.read(bootstrap, Topics.RUNS.name(), null).stream()
                    .collect(Collectors.groupingBy(r -> String.valueOf(r.key()), Collectors.counting()));
            return counts.isEmpty() ? " (no runs recorded there)" : "; runs recorded there: " + String.join(", ", counts.keySet());
        } catch (BadInputException e) {
            return "";
        }
    }
}
