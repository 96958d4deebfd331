package dev.tailwatch.trainer.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CIFAR-10 binary batches: records of 1 label byte and 3 × 32 × 32 pixel bytes (red, green, blue planes).
 * A directory means every {@code data_batch_*.bin} and {@code test_batch.bin} in it.
 */
public final class CifarReader {

    static final int RECORD = 1 + 3 * 32 * 32;

    private CifarReader() {
    }

    public static Dataset read(Path path) throws IOException, DataFormatException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> list = Files.list(path)) {
                list.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin|test_batch\\.bin"))
                        .sorted().forEach(files::add);
            }
            if (files.isEmpty()) {
                throw new DataFormatException(path + ": no data_batch_N.bin or test_batch.bin in this directory; "
                        + "give the folder of CIFAR-10's binary version (cifar-10-batches-bin)");
            }
        } else {
            files.add(path);
        }
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (size == 0 || size % RECORD != 0) {
                throw new DataFormatException(f + ": " + size + " bytes is not a whole number of CIFAR-10 records of "
                        + RECORD + " bytes; give a binary batch (data_batch_N.bin), not the python or matlab version");
            }
            total += size / RECORD;
        }
        int n = Math.toIntExact(total);
        float[] features = new float[n * (RECORD - 1)];
        int[] labels = new int[n];
        int at = 0;
        byte[] record = new byte[RECORD];
        for (Path f : files) {
            try (DataInputStream in = IdxReader.open(Source.of(f))) {
                while (true) {
                    try {
                        in.readFully(record);
                    } catch (EOFException e) {
                        break;
                    }
                    labels[at] = record[0] & 0xff;
                    if (labels[at] > 9) {
                        throw new DataFormatException(f + ": label " + labels[at] + " in record " + at + " is not a CIFAR-10 class 0-9");
                    }
                    int offset = at * (RECORD - 1);
                    for (int i = 1; i < RECORD; i++) {
                        features[offset + i - 1] = (record[i] & 0xff) / 255f;
                    }
                    at++;
                }
            }
        }
        return new Dataset("cifar10:" + path, features, labels, RECORD - 1, 3, 32, 32, 10);
    }
}
