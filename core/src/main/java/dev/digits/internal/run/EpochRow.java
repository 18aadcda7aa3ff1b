package dev.digits.internal.run;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics of one training epoch: one line of {@code metrics.csv}.
 *
 * <p>Accuracies are in percent (0 to 100). A value that was not measured (for example the
 * validation columns when there is no validation split) is {@link Double#NaN}, written as an empty
 * field.
 *
 * @param epoch the epoch, counting from 1
 * @param trainLoss mean training loss over the epoch
 * @param trainAccuracy training accuracy, percent
 * @param valLoss validation loss, or NaN
 * @param valAccuracy validation accuracy, percent, or NaN
 * @param testLoss test loss, or NaN
 * @param testAccuracy test accuracy, percent, or NaN
 * @param lr the learning rate used in the epoch
 * @param seconds how long the epoch took
 * @param elapsedSeconds time since training started, at the end of the epoch
 */
public record EpochRow(int epoch, double trainLoss, double trainAccuracy, double valLoss,
        double valAccuracy, double testLoss, double testAccuracy, double lr, double seconds,
        double elapsedSeconds) {

    private static final String HEADER = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,"
            + "test_loss,test_accuracy,lr,seconds,elapsed_seconds";
    private static final int COLUMNS = 10;
    private static final MathContext DIGITS = new MathContext(7);

    /**
     * The CSV header line, without a line break:
     * {@code epoch,train_loss,train_accuracy,val_loss,val_accuracy,test_loss,test_accuracy,lr,seconds,elapsed_seconds}.
     *
     * @return the header
     */
    public static String csvHeader() {
        return HEADER;
    }

    /**
     * This row as a CSV line (no line break) matching {@link #csvHeader()}: numbers to 7
     * significant digits in plain notation, NaN as an empty field.
     *
     * @return the line
     */
    public String toCsv() {
        return String.join(",", Integer.toString(epoch), number(trainLoss), number(trainAccuracy),
                number(valLoss), number(valAccuracy), number(testLoss), number(testAccuracy),
                number(lr), number(seconds), number(elapsedSeconds));
    }

    /**
     * Reads a metrics file written with {@link #csvHeader()} and {@link #toCsv()}. Blank lines are
     * skipped; an empty field or {@code NaN} reads as NaN.
     *
     * @param metricsCsv the file
     * @return its rows, in file order
     * @throws IOException if it cannot be read, its header differs, or a line is malformed (the
     *     message names the line)
     */
    public static List<EpochRow> readCsv(Path metricsCsv) throws IOException {
        List<String> lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(metricsCsv + ": empty file, expected the header " + HEADER);
        }
        String header = lines.get(0).replace("\uFEFF", "").strip();
        if (!header.equals(HEADER)) {
            throw new IOException(metricsCsv + ": unexpected header \"" + header
                    + "\", expected " + HEADER);
        }
        List<EpochRow> rows = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != COLUMNS) {
                throw new IOException(metricsCsv + " line " + (n + 1) + ": " + f.length
                        + " fields, expected " + COLUMNS);
            }
            try {
                rows.add(new EpochRow(Integer.parseInt(f[0].strip()), parse(f[1]), parse(f[2]),
                        parse(f[3]), parse(f[4]), parse(f[5]), parse(f[6]), parse(f[7]),
                        parse(f[8]), parse(f[9])));
            } catch (NumberFormatException e) {
                throw new IOException(metricsCsv + " line " + (n + 1) + ": not a number ("
                        + e.getMessage() + ")", e);
            }
        }
        return rows;
    }

    private static double parse(String field) {
        String s = field.strip();
        return s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return new BigDecimal(v).round(DIGITS).stripTrailingZeros().toPlainString();
    }
}
