package dev.digits.internal.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochRowTest {

    @TempDir
    Path dir;

    @Test
    void headerIsExactly() {
        assertThat(EpochRow.csvHeader()).isEqualTo("epoch,train_loss,train_accuracy,val_loss,"
                + "val_accuracy,test_loss,test_accuracy,lr,seconds,elapsed_seconds");
    }

    @Test
    void writesMissingAsEmptyAndReadsItBackAsNaN() throws IOException {
        EpochRow row = new EpochRow(3, 0.0412345678, 98.7654321, Double.NaN, Double.NaN,
                0.0301, 99.12, 1e-4, 12.5, 37.25);
        assertThat(row.toCsv()).isEqualTo("3,0.04123457,98.76543,,,0.0301,99.12,0.0001,12.5,37.25");

        Path csv = dir.resolve("metrics.csv");
        Files.writeString(csv, EpochRow.csvHeader() + "\n" + row.toCsv() + "\n\n"
                + "4,0.03,99,NaN,nan,0.02,99.3,0.00005,12,49.25\n");
        List<EpochRow> rows = EpochRow.readCsv(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).epoch()).isEqualTo(3);
        assertThat(rows.get(0).valLoss()).isNaN();
        assertThat(rows.get(0).trainLoss()).isEqualTo(0.04123457);
        assertThat(rows.get(0).lr()).isEqualTo(1e-4);
        assertThat(rows.get(1).valAccuracy()).isNaN();
        assertThat(rows.get(1).testAccuracy()).isEqualTo(99.3);
    }

    @Test
    void refusesAnotherHeaderOrAShortLine() throws IOException {
        Path wrong = Files.writeString(dir.resolve("a.csv"), "epoch,loss\n1,2\n");
        assertThatThrownBy(() -> EpochRow.readCsv(wrong))
                .isInstanceOf(IOException.class).hasMessageContaining("header");
        Path shortLine = Files.writeString(dir.resolve("b.csv"),
                EpochRow.csvHeader() + "\n1,2,3\n");
        assertThatThrownBy(() -> EpochRow.readCsv(shortLine))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
        Path notNumber = Files.writeString(dir.resolve("c.csv"),
                EpochRow.csvHeader() + "\n1,x,3,4,5,6,7,8,9,10\n");
        assertThatThrownBy(() -> EpochRow.readCsv(notNumber))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
    }
}
