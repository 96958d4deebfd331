package dev.tailwatch.bench.faults;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One topic of a scenario against the reference, record by record. Records are matched under their identity
 * (run, iteration, layer, …), never by position, since a task that moves may interleave runs differently;
 * two records are equal when every field is (Avro's equals: doubles compared exactly).
 */
final class RecordComparison {

    /**
     * @param reference  records of the reference run
     * @param observed   records of the scenario
     * @param missing    reference records with no counterpart
     * @param duplicated scenario records equal to one already matched or seen: the same output committed twice
     * @param differing  records whose identity is in both but whose fields differ
     * @param extra      scenario records with no counterpart that are not duplicates
     */
    record Counts(long reference, long observed, long missing, long duplicated, long differing, long extra) {
        boolean clean() {
            return missing == 0 && duplicated == 0 && differing == 0 && extra == 0;
        }
    }

    private RecordComparison() {
    }

    static Counts compare(CommittedOutputs.Compared<?> topic, List<SpecificRecord> reference, List<SpecificRecord> observed) {
        Map<String, List<SpecificRecord>> ref = byIdentity(topic, reference);
        Map<String, List<SpecificRecord>> obs = byIdentity(topic, observed);
        long missing = 0;
        long duplicated = 0;
        long differing = 0;
        long extra = 0;
        for (Map.Entry<String, List<SpecificRecord>> e : obs.entrySet()) {
            List<SpecificRecord> refLeft = new ArrayList<>(ref.getOrDefault(e.getKey(), List.of()));
            List<SpecificRecord> seen = new ArrayList<>();
            List<SpecificRecord> unmatched = new ArrayList<>();
            for (SpecificRecord o : e.getValue()) {
                if (removeEqual(refLeft, o)) {
                    seen.add(o);
                } else if (seen.contains(o)) {
                    duplicated++;
                } else {
                    unmatched.add(o);
                    seen.add(o);
                }
            }
            long paired = Math.min(refLeft.size(), unmatched.size());
            differing += paired;
            extra += unmatched.size() - paired;
            missing += refLeft.size() - paired;
        }
        for (Map.Entry<String, List<SpecificRecord>> e : ref.entrySet()) {
            if (!obs.containsKey(e.getKey())) {
                missing += e.getValue().size();
            }
        }
        return new Counts(reference.size(), observed.size(), missing, duplicated, differing, extra);
    }

    private static boolean removeEqual(List<SpecificRecord> from, SpecificRecord record) {
        for (Iterator<SpecificRecord> it = from.iterator(); it.hasNext(); ) {
            if (it.next().equals(record)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<SpecificRecord>> byIdentity(CommittedOutputs.Compared<?> topic, List<SpecificRecord> records) {
        Map<String, List<SpecificRecord>> grouped = new LinkedHashMap<>(records.size() * 2);
        for (SpecificRecord r : records) {
            grouped.computeIfAbsent(topic.identityOf(r), k -> new ArrayList<>(1)).add(r);
        }
        return grouped;
    }
}
