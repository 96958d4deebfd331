package dev.tailwatch.trainer.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tabular data as CSV: the first column is the class label (an integer from 0), the others are numeric
 * features, used as they are. A first line that does not parse as numbers is taken as a header.
 */
public final class CsvReader {

    private CsvReader() {
    }

    public static Dataset read(Path path) throws IOException, DataFormatException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int width = -1;
        int maxLabel = 0;
        try (BufferedReader in = Files.newBufferedReader(path)) {
            String line;
            int lineNumber = 0;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (lineNumber == 1 && !isNumber(cells[0].trim())) {
                    continue;
                }
                if (cells.length < 2) {
                    throw new DataFormatException(path + " line " + lineNumber + ": need a label and at least one feature, "
                            + "comma-separated");
                }
                if (width < 0) {
                    width = cells.length - 1;
                } else if (cells.length - 1 != width) {
                    throw new DataFormatException(path + " line " + lineNumber + ": " + (cells.length - 1)
                            + " features where the first data line had " + width);
                }
                int label;
                try {
                    label = Integer.parseInt(cells[0].trim());
                } catch (NumberFormatException e) {
                    throw new DataFormatException(path + " line " + lineNumber + ", column 1: label '" + cells[0]
                            + "' is not an integer class from 0");
                }
                if (label < 0) {
                    throw new DataFormatException(path + " line " + lineNumber + ", column 1: label " + label + " is negative");
                }
                float[] row = new float[width];
                for (int c = 0; c < width; c++) {
                    try {
                        row[c] = Float.parseFloat(cells[c + 1].trim());
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(path + " line " + lineNumber + ", column " + (c + 2) + ": '" + cells[c + 1]
                                + "' is not a number");
                    }
                }
                rows.add(row);
                labels.add(label);
                maxLabel = Math.max(maxLabel, label);
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(path + ": no data lines");
        }
        float[] features = new float[rows.size() * width];
        int[] l = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, features, i * width, width);
            l[i] = labels.get(i);
        }
        return new Dataset("csv:" + path, features, l, width, 1, 1, width, Math.max(2, maxLabel + 1));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
