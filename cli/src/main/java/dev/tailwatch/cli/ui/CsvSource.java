package dev.tailwatch.cli.ui;

import java.io.IOException;
import java.io.OutputStream;

/** Writes one of a run's CSV files (alpha.csv, events.csv, layer-stats.csv, metrics.csv) in full, from the topics. */
public interface CsvSource {

    /** Whether {@code fileName} is one of the files. */
    boolean knows(String fileName);

    /** Streams the file; the page's series are downsampled, a download is every record. */
    void write(String runId, String fileName, OutputStream out) throws IOException;
}
