package dev.tailwatch.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import me.tongfei.progressbar.ProgressState;

/**
 * The progress bar of train, simulate and demo, with its extra message (loss, α, events) cut to what the
 * line has room for: the bar keeps at least {@link #MIN_BAR} columns instead of collapsing to {@code [ ]}
 * once α values are shown, and lower-priority parts (per-layer α, the last event) are dropped first. On
 * a terminal the line is redrawn in place at the terminal's width; piped, a whole line is written every
 * few seconds, uncut, so a log shows loss and α.
 */
final class ProgressLine implements AutoCloseable {

    /** Columns the bar keeps while lower-priority parts are added. */
    static final int MIN_BAR = 12;
    /** Columns the bar keeps however long the first part (loss, network α) is. */
    static final int MIN_BAR_FIRST = 3;
    /** Width of a piped line: long enough for every part. */
    static final int PIPED_WIDTH = 400;

    private final ProgressBar bar;
    private final int firstBudget;
    private final int budget;
    private boolean closed;

    ProgressLine(String task, long max, ProgressBarConsumer consumer, int width, int updateMillis) {
        this(task, max, consumer, width, updateMillis, false);
    }

    private ProgressLine(String task, long max, ProgressBarConsumer consumer, int width, int updateMillis, boolean logLines) {
        this.firstBudget = Math.max(0, width - fixedColumns(task, max) - MIN_BAR_FIRST);
        this.budget = Math.max(0, width - fixedColumns(task, max) - MIN_BAR);
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(consumer).setUpdateIntervalMillis(updateMillis).showSpeed().setUnit(" it", 1);
        if (logLines) {
            builder.setRenderer((state, maxLength) -> logLine(state));
        }
        this.bar = builder.build();
    }

    /** A piped line: no bar to redraw, the figures a log reader wants. */
    static String logLine(ProgressState state) {
        long seconds = state.getTotalElapsed().toSeconds();
        return String.format(Locale.ROOT, "%s %3d%% %d/%d it (%d:%02d:%02d)%s", state.getTaskName(),
                Math.round(100 * state.getNormalizedProgress()), state.getCurrent(), state.getMax(), seconds / 3600,
                seconds / 60 % 60, seconds % 60, state.getExtraMessage());
    }

    /** On the terminal, at its width, when there is one (standard input and output are a console); else whole lines. */
    static ProgressLine start(String task, long max) {
        PrintStream err = System.err;
        if (interactive()) {
            ConsoleProgressBarConsumer console = new ConsoleProgressBarConsumer(err);
            return new ProgressLine(task, max, console, console.getMaxRenderedLength(), 250);
        }
        Consumer<String> lines = line -> {
            err.println(line.strip());
            err.flush();
        };
        return piped(task, max, lines, 5_000);
    }

    /** Whole lines to {@code lines} every {@code updateMillis}: task, percentage, count, elapsed time and every part. */
    static ProgressLine piped(String task, long max, Consumer<String> lines, int updateMillis) {
        return new ProgressLine(task, max, new DelegatingProgressBarConsumer(lines, PIPED_WIDTH), PIPED_WIDTH, updateMillis, true);
    }

    static boolean interactive() {
        return System.console() != null;
    }

    /**
     * What to print before a line that goes above the bar: on a terminal, blanks over the bar's line so that
     * no remnant of it is left after the shorter line; piped, nothing.
     */
    static String clearLine() {
        if (!interactive()) {
            return "";
        }
        return "\r" + " ".repeat(Math.max(0, new ConsoleProgressBarConsumer(System.err).getMaxRenderedLength())) + "\r";
    }

    /**
     * Columns the library's line takes besides the bar and the extra message: task name, percentage,
     * brackets, "done/max it", the "(elapsed / eta)" and the speed (measured on progressbar 0.10.1: task +
     * 2 × digits + 40 at "? it/s" and ETAs under 10 h; 4 more for a faster speed and longer ETAs).
     */
    static int fixedColumns(String task, long max) {
        int digits = Long.toString(max).length();
        return task.length() + 2 * digits + 44;
    }

    /** Progress with the parts of the extra message in priority order; the first is always kept (cut if needed). */
    void step(long done, String first, String... more) {
        bar.stepTo(done);
        bar.setExtraMessage(fit(firstBudget, budget, first, more));
    }

    /** A new extra message, the progress unchanged. */
    void message(String first, String... more) {
        bar.setExtraMessage(fit(firstBudget, budget, first, more));
    }

    /**
     * The first part within {@code firstBudget} columns (cut if longer), then the others, in order, while
     * the whole stays within {@code budget}, stopping at the first that does not fit.
     */
    static String fit(int firstBudget, int budget, String first, String... more) {
        StringBuilder s = new StringBuilder(first.length() <= firstBudget ? first : first.substring(0, Math.max(0, firstBudget)));
        for (String part : more) {
            if (s.length() + part.length() > budget) {
                break;
            }
            s.append(part);
        }
        return s.toString();
    }

    /** Ends the line once (a second call does nothing: the library would draw the finished bar again). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            bar.close();
        }
    }
}
