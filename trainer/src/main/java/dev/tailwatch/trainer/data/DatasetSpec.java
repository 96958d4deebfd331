package dev.tailwatch.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code mnist} (the shipped 10,000 MNIST test digits), {@code mnist:PATH} (a folder or images file of
 * MNIST or Fashion-MNIST IDX, gzip or not), {@code cifar10:PATH} or {@code csv:PATH}.
 */
public final class DatasetSpec {

    static final String SHIPPED = "/datasets/mnist-t10k/";

    private DatasetSpec() {
    }

    public static Dataset load(String spec) throws IOException, DataFormatException {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String path = colon < 0 ? null : spec.substring(colon + 1);
        switch (kind) {
            case "mnist":
                if (path == null || path.isEmpty()) {
                    return IdxReader.read("mnist (shipped t10k digits)", Source.resource(SHIPPED + "t10k-images-idx3-ubyte.gz"),
                            Source.resource(SHIPPED + "t10k-labels-idx1-ubyte.gz"));
                }
                return idx(Path.of(path));
            case "cifar10":
                return CifarReader.read(existing(requirePath(spec, path)));
            case "csv":
                return CsvReader.read(existing(requirePath(spec, path)));
            default:
                throw new DataFormatException("--dataset " + spec + ": unknown kind '" + kind
                        + "'; use mnist, mnist:PATH, cifar10:PATH or csv:PATH");
        }
    }

    private static Dataset idx(Path path) throws IOException, DataFormatException {
        Path images = existing(path);
        Path labels;
        if (Files.isDirectory(images)) {
            Path dir = images;
            images = find(dir, List.of("train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte",
                    "t10k-images-idx3-ubyte.gz"));
            labels = dir.resolve(images.getFileName().toString().replace("images-idx3", "labels-idx1"));
        } else {
            labels = images.resolveSibling(images.getFileName().toString().replace("images-idx3", "labels-idx1"));
        }
        if (!Files.isRegularFile(labels)) {
            throw new DataFormatException(labels + ": labels file not found next to " + images
                    + "; IDX images need their *-labels-idx1-ubyte[.gz] in the same folder");
        }
        return IdxReader.read("mnist:" + images, Source.of(images), Source.of(labels));
    }

    private static Path find(Path dir, List<String> names) throws DataFormatException {
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        throw new DataFormatException(dir + ": none of " + names + " in this folder");
    }

    private static Path requirePath(String spec, String path) throws DataFormatException {
        if (path == null || path.isEmpty()) {
            throw new DataFormatException("--dataset " + spec + ": needs a path, e.g. " + spec.replace(":", "") + ":/data/x");
        }
        return Path.of(path);
    }

    private static Path existing(Path path) throws DataFormatException {
        if (!Files.exists(path)) {
            throw new DataFormatException(path + ": no such file or folder");
        }
        return path;
    }
}
