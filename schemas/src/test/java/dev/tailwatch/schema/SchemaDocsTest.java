package dev.tailwatch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.junit.jupiter.api.Test;

/** The schemas are the contract other teams code against, so every type and field must say what it means. */
class SchemaDocsTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @Test
    void everyTypeAndFieldInTheSourceSchemasHasADoc() throws IOException {
        List<Path> files = avscFiles(MODULE.resolve("src/main/avro"));
        // 7 records and 7 shared types: finding fewer means the test is looking in the wrong place.
        assertTrue(files.size() >= 14, "found only " + files);
        SchemaParser parser = new SchemaParser();
        for (Path file : files) {
            parser.parse(file);
        }
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Schema schema : parser.getParsedNamedSchemas()) {
            collectMissingDocs(schema, seen, missing);
        }
        assertEquals(List.of(), missing);
        assertTrue(seen.size() >= files.size(), "every file's type was checked: " + seen);
    }

    @Test
    void everyReleasedSchemaVersionHasDocsToo() throws IOException {
        List<Path> files = avscFiles(MODULE.resolve("src/main/resources/avro-history"));
        assertTrue(files.size() >= Topics.all().size() + 3, "found only " + files);
        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            collectMissingDocs(new SchemaParser().parse(file).mainSchema(), new HashSet<>(), missing);
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theCheckNoticesAFieldWithoutADoc() {
        Schema undocumented = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"doc\":\"d\","
                + "\"fields\":[{\"name\":\"x\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}}]}");
        List<String> missing = new ArrayList<>();
        collectMissingDocs(undocumented, new HashSet<>(), missing);
        assertEquals(List.of("R.x", "E"), missing);
    }

    private static void collectMissingDocs(Schema schema, Set<String> seen, List<String> missing) {
        switch (schema.getType()) {
            case UNION -> schema.getTypes().forEach(s -> collectMissingDocs(s, seen, missing));
            case ARRAY -> collectMissingDocs(schema.getElementType(), seen, missing);
            case MAP -> collectMissingDocs(schema.getValueType(), seen, missing);
            case RECORD, ENUM, FIXED -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                if (isBlank(schema.getDoc())) {
                    missing.add(schema.getName());
                }
                if (schema.getType() == Schema.Type.RECORD) {
                    for (Schema.Field field : schema.getFields()) {
                        if (isBlank(field.doc())) {
                            missing.add(schema.getName() + "." + field.name());
                        }
                        collectMissingDocs(field.schema(), seen, missing);
                    }
                }
            }
            default -> {
            }
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }

    private static List<Path> avscFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            fail(root.toAbsolutePath() + " is not a directory");
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> p.toString().endsWith(".avsc")).sorted().collect(Collectors.toList());
        }
    }
}
