package dev.tailwatch.cli;

import dev.tailwatch.cli.ui.CsvSource;
import dev.tailwatch.schema.TopicSpec;
import dev.tailwatch.schema.Topics;
import dev.tailwatch.schema.UndecodableRecordException;
import dev.tailwatch.schema.avro.AlphaEstimate;
import dev.tailwatch.schema.avro.LayerStats;
import dev.tailwatch.schema.avro.TailEvent;
import dev.tailwatch.schema.avro.TrainingMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The live page's CSV downloads: the run's records read from the output topics (and the metrics topic) as
 * they are now, every record, written row by row with replay's {@link RunCsv} — so a download is the file
 * {@code tailwatch replay} writes for the same run, without holding the run in memory.
 */
final class RunCsvDownloads implements CsvSource {

    private final KafkaTarget kafka;

    RunCsvDownloads(KafkaTarget kafka) {
        this.kafka = kafka;
    }

    @Override
    public boolean knows(String fileName) {
        return RunCsv.byFileName(fileName) != null;
    }

    @Override
    public void write(String runId, String fileName, OutputStream out) throws IOException {
        RunCsv file = RunCsv.byFileName(fileName);
        PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.println(file.header());
        try {
            switch (file) {
                case ALPHA -> rows(runId, Topics.ALPHA, a -> RunCsv.row(w, (AlphaEstimate) a), w);
                case EVENTS -> rows(runId, Topics.EVENTS, e -> RunCsv.row(w, (TailEvent) e), w);
                case LAYER_STATS -> rows(runId, Topics.LAYER_STATS, s -> RunCsv.row(w, (LayerStats) s), w);
                case METRICS -> rows(runId, Topics.METRICS, m -> RunCsv.row(w, (TrainingMetrics) m), w);
            }
        } catch (BadInputException e) {
            // The header is out already: end the file with the reason rather than pretend it is whole.
            w.println("# incomplete: " + e.getMessage());
        }
        w.flush();
        if (w.checkError()) {
            throw new IOException("the download was cut off");
        }
    }

    private void rows(String runId, TopicSpec<?> topic, java.util.function.Consumer<Object> row, PrintWriter w) throws BadInputException {
        RunRecords.forEach(kafka, topic.name(), runId, r -> {
            if (w.checkError()) {
                // The browser is gone: stop reading (an unchecked exception ends RunRecords' loop).
                throw new IllegalStateException("download cancelled");
            }
            try {
                Object value = topic.valueSerde().decode(r.value());
                if (value != null) {
                    row.accept(value);
                }
            } catch (UndecodableRecordException e) {
                // A record the processors could not have written in a known schema: not a row.
            }
        });
    }
}
