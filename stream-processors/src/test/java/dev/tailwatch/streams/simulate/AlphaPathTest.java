package dev.tailwatch.streams.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.math.MohammadiEstimator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlphaPathTest {

    @TempDir
    Path dir;

    @Test
    void interpolatesLinearlyAndHoldsBeyondTheEnds() {
        AlphaPath path = AlphaPath.of(new long[] {100, 200}, new double[] {1.8, 1.2});
        assertEquals(1.8, path.at(0), 0);
        assertEquals(1.8, path.at(100), 0);
        assertEquals(1.5, path.at(150), 1e-12);
        assertEquals(1.2, path.at(5000), 0);
    }

    @Test
    void twoPhaseFallsThenStaysNearItsMinimum() {
        AlphaPath path = AlphaPath.twoPhase(1000);
        assertEquals(1.85, path.at(0), 0);
        assertEquals(1.25, path.at(300), 1e-12);
        assertTrue(path.at(1000) > path.at(300) && path.at(1000) < 1.4);
    }

    @Test
    void readsCsvByColumnNameAndIgnoresOtherColumns() throws Exception {
        Path csv = Files.writeString(dir.resolve("p.csv"), "note,alpha,iteration\nx,1.9,0\ny,1.3,50\n");
        AlphaPath path = AlphaPath.readCsv(csv);
        assertEquals(1.6, path.at(25), 1e-12);
    }

    @Test
    void badCsvLinesNameFileAndLine() throws Exception {
        Path badNumber = Files.writeString(dir.resolve("b.csv"), "iteration,alpha\n0,1.5\n10,abc\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlphaPath.readCsv(badNumber));
        assertTrue(e.getMessage().contains("b.csv:3"), e.getMessage());
        Path outOfRange = Files.writeString(dir.resolve("c.csv"), "iteration,alpha\n0,2.5\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AlphaPath.readCsv(outOfRange)).getMessage().contains("c.csv:2"));
        Path noHeader = Files.writeString(dir.resolve("d.csv"), "0,1.5\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AlphaPath.readCsv(noHeader)).getMessage().contains("header"));
    }

    @Test
    void syntheticNoiseHasThePathsAlphaAndIsReproducible() {
        SyntheticRun run = new SyntheticRun(AlphaPath.of(new long[] {0, 1000}, new double[] {1.8, 1.1}), 3, 40_000, -1, 7);
        assertArrayEquals(run.noise(5, 1), run.noise(5, 1));
        MohammadiEstimator estimator = new MohammadiEstimator();
        double early = 0;
        double late = 0;
        for (int i = 0; i < 10; i++) {
            early += estimator.estimate(run.noise(i - 10, i % 3)).alpha() / 10;
            late += estimator.estimate(run.noise(1000 + i, i % 3)).alpha() / 10;
        }
        // One estimate at N = 40,000 has sd ≈ 0.05 at α = 1.8; the mean of ten, ≈ 0.016.
        assertEquals(1.8, early, 0.06);
        assertEquals(1.1, late, 0.06);
        assertEquals(10, run.rows());
        assertEquals(4000, run.cols());
    }

    @Test
    void accuracyJumpsAtTheGivenIteration() {
        SyntheticRun run = new SyntheticRun(AlphaPath.constant(1.5), 1, 100, 500, 1);
        double before = run.accuracy(499);
        double after = run.accuracy(500);
        assertTrue(after - before > 0.12, before + " -> " + after);
    }
}
