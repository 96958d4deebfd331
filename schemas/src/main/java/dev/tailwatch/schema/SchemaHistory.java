package dev.tailwatch.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of a record's schema, from {@code /avro-history/<Record>/v<N>.avsc} on the
 * class path. A reader registers them all, so records written by any older producer still decode.
 */
public final class SchemaHistory {

    /** Versions are looked up as v1, v2, … until the first gap; keep them numbered without holes. */
    private static final int MAX_VERSIONS = 1000;

    private SchemaHistory() {
    }

    /** The released versions of the record, oldest first (empty if none were released). */
    public static List<Schema> versions(String recordName) {
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; v <= MAX_VERSIONS; v++) {
            String resource = resource(recordName, v);
            try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
                if (in == null) {
                    break;
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema history " + resource, e);
            }
        }
        return versions;
    }

    static String resource(String recordName, int version) {
        return "/avro-history/" + recordName + "/v" + version + ".avsc";
    }
}
