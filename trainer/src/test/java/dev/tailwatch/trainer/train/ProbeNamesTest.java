package dev.tailwatch.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tailwatch.schema.avro.ProbeMode;
import org.junit.jupiter.api.Test;

class ProbeNamesTest {

    @Test
    void everyProbeHasANameThatParsesBackToIt() {
        for (ProbeMode mode : ProbeMode.values()) {
            assertEquals(mode, ProbeNames.parse(ProbeNames.of(mode)));
        }
        assertEquals("ema", ProbeNames.of(ProbeMode.ONLINE));
        assertEquals(ProbeMode.EXACT, ProbeNames.parse(ProbeNames.DEFAULT));
        assertEquals(ProbeMode.EXACT, ProbeNames.parse("EXACT"));
    }

    @Test
    void theOldNameOfTheMovingAverageProbeSaysWhatItIsNowCalled() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProbeNames.parse("online"));
        assertTrue(e.getMessage().startsWith("--probe online is now called ema"), e.getMessage());
        assertEquals("--probe 'fast' is not one of exact, window, ema, off",
                assertThrows(IllegalArgumentException.class, () -> ProbeNames.parse("fast")).getMessage());
    }
}
