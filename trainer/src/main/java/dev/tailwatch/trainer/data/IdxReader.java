package dev.tailwatch.trainer.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-family IDX files (images: magic 2051, n × rows × cols unsigned bytes; labels: magic 2049, n
 * bytes), gzip-compressed or not (recognised by the gzip magic, not the file name).
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Reads an images file and its labels file into one data set with 10 classes. */
    public static Dataset read(String name, Source images, Source labels) throws IOException, DataFormatException {
        float[] pixels;
        int count;
        int rows;
        int cols;
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataFormatException(images.name() + ": not an IDX images file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x803); give the *-images-idx3-ubyte[.gz] file");
            }
            count = in.readInt();
            rows = in.readInt();
            cols = in.readInt();
            if (count <= 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
                throw new DataFormatException(images.name() + ": implausible header " + count + "×" + rows + "×" + cols);
            }
            byte[] raw = new byte[count * rows * cols];
            readFully(in, raw, images);
            pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xff) / 255f;
            }
        }
        int[] labelValues;
        try (DataInputStream in = open(labels)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataFormatException(labels.name() + ": not an IDX labels file (magic 0x" + Integer.toHexString(magic)
                        + ", expected 0x801); give the *-labels-idx1-ubyte[.gz] file");
            }
            int n = in.readInt();
            if (n != count) {
                throw new DataFormatException(labels.name() + ": " + n + " labels for " + count + " images in " + images.name());
            }
            byte[] raw = new byte[n];
            readFully(in, raw, labels);
            labelValues = new int[n];
            for (int i = 0; i < n; i++) {
                labelValues[i] = raw[i] & 0xff;
                if (labelValues[i] > 9) {
                    throw new DataFormatException(labels.name() + ": label " + labelValues[i] + " at index " + i + " is not a digit class 0-9");
                }
            }
        }
        return new Dataset(name, pixels, labelValues, rows * cols, 1, rows, cols, 10);
    }

    private static void readFully(DataInputStream in, byte[] buffer, Source source) throws IOException, DataFormatException {
        try {
            in.readFully(buffer);
        } catch (EOFException e) {
            throw new DataFormatException(source.name() + ": truncated (the header promises " + buffer.length + " data bytes)");
        }
    }

    static DataInputStream open(Source source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source.open(), 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        InputStream data = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
        return new DataInputStream(new BufferedInputStream(data, 1 << 16));
    }
}
