package dev.tailwatch.bench.load;

import dev.tailwatch.streams.kafka.ProcessorSettings;
import java.time.Duration;

/** The processors' two commit intervals as the harness measures them: {@code LIVE} or {@code LIVE/BACKLOG}, in ms. */
record CommitPacing(Duration live, Duration backlog) {

    static final CommitPacing DEFAULT = new CommitPacing(ProcessorSettings.DEFAULT_COMMIT_INTERVAL,
            ProcessorSettings.DEFAULT_BACKLOG_COMMIT_INTERVAL);

    /** "100" is the live interval with its default backlog interval; "100/100" commits at one rate always. */
    static CommitPacing parse(String text) {
        String[] parts = text.trim().split("/");
        Duration live = Duration.ofMillis(Long.parseLong(parts[0].trim()));
        Duration backlog = parts.length > 1 ? Duration.ofMillis(Long.parseLong(parts[1].trim()))
                : ProcessorSettings.defaultBacklogCommitInterval(live);
        return new CommitPacing(live, backlog);
    }

    String label() {
        return live.equals(backlog) ? "commit every " + live.toMillis() + " ms"
                : "commit every " + live.toMillis() + " ms live, " + backlog.toMillis() + " ms backlog";
    }
}
