package dev.tailwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import org.junit.jupiter.api.Test;

/** The demo's progress line, rendered by the real library: the bar keeps its room once α values are shown. */
class ProgressLineTest {

    private static final String LOSS = " loss 1.894 acc 0.639 α 1.934";
    private static final String LAYERS = " [layer0 1.86 layer1 1.88 layer2 1.98]";
    private static final String EVENT = " last: phase_change all @129";

    /** The last line the library drew at {@code width} columns after one step with every part. */
    private static String render(int width) throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        String task = "demo-20261205-072714";
        try (ProgressLine line = new ProgressLine(task, 2000, new DelegatingProgressBarConsumer(lines::add, width), width, 10)) {
            line.step(880, LOSS, LAYERS, EVENT);
            Thread.sleep(100);
        }
        return lines.get(lines.size() - 1);
    }

    private static int barColumns(String line) {
        Matcher m = Pattern.compile("\\[([=> -]*)\\]").matcher(line);
        assertTrue(m.find(), line);
        return m.group(1).length();
    }

    @Test
    void at160ColumnsTheBarKeepsItsRoomAndTheLayerAlphasFit() throws Exception {
        String line = render(160);
        assertTrue(barColumns(line) >= ProgressLine.MIN_BAR - 2, "bar collapsed: " + line);
        assertTrue(line.contains(LOSS) && line.contains(LAYERS), line);
        assertTrue(line.length() <= 160, line.length() + ": " + line);
    }

    @Test
    void at80ColumnsTheBarStaysAndTheLowerPrioritiesGo() throws Exception {
        String line = render(80);
        assertTrue(barColumns(line) >= ProgressLine.MIN_BAR_FIRST, "bar collapsed: " + line);
        assertFalse(line.contains("last:"), line);
        assertTrue(line.length() <= 80, line.length() + ": " + line);
    }

    @Test
    void partsAreDroppedWholeFromTheEnd() {
        assertEquals(" a bb", ProgressLine.fit(6, 6, " a", " bb", " ccc"));
        assertEquals(" a", ProgressLine.fit(3, 3, " a", " bb", " ccc"));
        assertEquals(" lo", ProgressLine.fit(3, 3, " loss", " bb"));
        assertEquals(" loss", ProgressLine.fit(5, 3, " loss", " bb"));
    }

    @Test
    void pipedLinesCarryEveryPartAndNoBar() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ProgressLine line = ProgressLine.piped("demo-20261205-072714", 2000, lines::add, 10)) {
            line.step(880, LOSS, LAYERS, EVENT);
            Thread.sleep(100);
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("demo-20261205-072714  44% 880/2000 it (0:00:00)"), last);
        assertTrue(last.endsWith(LOSS + LAYERS + EVENT), last);
        assertFalse(last.contains("[="), last);
    }
}
