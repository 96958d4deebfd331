package dev.tailwatch.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a data file comes from: a path, or a resource shipped in the jar. */
public interface Source {

    String name();

    InputStream open() throws IOException;

    static Source of(Path path) {
        return new Source() {
            @Override
            public String name() {
                return path.toString();
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }
        };
    }

    static Source resource(String resource) {
        return new Source() {
            @Override
            public String name() {
                return "classpath:" + resource;
            }

            @Override
            public InputStream open() throws IOException {
                InputStream in = Source.class.getResourceAsStream(resource);
                if (in == null) {
                    throw new IOException("resource " + resource + " is missing from the jar");
                }
                return in;
            }
        };
    }
}
