package dev.tailwatch.streams.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tailwatch.math.detect.Change;
import dev.tailwatch.schema.avro.EventType;
import dev.tailwatch.streams.analysis.EventPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A detector's {@link Change.Kind} becomes an {@link EventPoint.Kind} and then an Avro {@link EventType}
 * by {@code valueOf(name())}: a constant renamed or added in one of them alone would fail only when that
 * event first fires. Their names must match exactly, in order, apart from the two documented extras.
 */
class EventKindsTest {

    @Test
    void detectorKindsEventKindsAndTheAvroEventTypeHaveTheSameNames() {
        List<String> change = names(Change.Kind.values());
        List<String> event = names(EventPoint.Kind.values());
        List<String> avro = names(EventType.values());

        // RUN_STALLED comes from the processors' stall check, not from a tail-math detector.
        List<String> detectorEvents = new ArrayList<>(change);
        detectorEvents.add(EventPoint.Kind.RUN_STALLED.name());
        assertEquals(detectorEvents, event, "EventPoint.Kind = Change.Kind + RUN_STALLED");

        // OTHER is the schema's default symbol: what a reader with this schema makes of a newer writer's type.
        List<String> eventsAndDefault = new ArrayList<>(event);
        eventsAndDefault.add(EventType.OTHER.name());
        assertEquals(eventsAndDefault, avro, "EventType symbols = EventPoint.Kind + OTHER");

        for (Change.Kind kind : Change.Kind.values()) {
            assertEquals(kind.name(), EventType.valueOf(EventPoint.Kind.valueOf(kind.name()).name()).name());
        }
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
