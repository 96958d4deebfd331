package dev.tailwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailwatch.schema.NoiseSamples;
import dev.tailwatch.schema.avro.NoiseSample;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Topic records as JSON for people and scripts. Noise values are summarised (count, dropped, min,
 * max, mean |x|), not dumped: a sample holds thousands of them.
 */
final class RecordJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RecordJson() {
    }

    static ObjectNode of(SpecificRecord record) {
        ObjectNode node = JSON.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (record instanceof NoiseSample sample && field.name().equals("values")) {
                node.set("values", summary(sample));
            } else {
                node.set(field.name(), toJson(value));
            }
        }
        return node;
    }

    private static JsonNode toJson(Object value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof SpecificRecord nested) {
            return of(nested);
        }
        if (value instanceof CharSequence || value instanceof Enum<?>) {
            return JSON.textNode(value.toString());
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(d.toString());
        }
        if (value instanceof Float f) {
            return JSON.numberNode(f);
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return JSON.textNode(Base64.getEncoder().encodeToString(raw));
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.arrayNode();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = JSON.objectNode();
            map.forEach((k, v) -> object.set(k.toString(), toJson(v)));
            return object;
        }
        return JSON.textNode(value.toString());
    }

    private static ObjectNode summary(NoiseSample sample) {
        ObjectNode node = JSON.objectNode();
        float[] values;
        try {
            values = NoiseSamples.values(sample);
        } catch (IllegalArgumentException e) {
            node.put("error", e.getMessage());
            return node;
        }
        int usable = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sumAbs = 0;
        for (float v : values) {
            if (v != 0 && Float.isFinite(v)) {
                usable++;
                min = Math.min(min, v);
                max = Math.max(max, v);
                sumAbs += Math.abs(v);
            }
        }
        node.put("count", values.length);
        node.put("dropped", values.length - usable);
        if (usable > 0) {
            node.put("min", min);
            node.put("max", max);
            node.put("meanAbs", sumAbs / usable);
        }
        return node;
    }
}
