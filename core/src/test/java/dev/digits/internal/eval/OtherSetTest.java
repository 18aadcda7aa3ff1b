package dev.digits.internal.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherSetTest {

    @TempDir
    Path dir;

    private static OtherSet usps() {
        ConfusionMatrix m = new ConfusionMatrix();
        for (int i = 0; i < 90; i++) m.add(i % 10, i % 10);
        for (int i = 0; i < 5; i++) m.add(5, 3);
        for (int i = 0; i < 3; i++) m.add(4, 9);
        m.add(7, 1);
        m.add(8, 0);
        return new OtherSet(Dataset.USPS, m);
    }

    @Test
    void theLineSaysTheSetTheAccuracyAndHowTheDigitsWereRead() {
        assertThat(usps().line()).isEqualTo("USPS test accuracy 90.00% (90/100), read through predict's preprocessing");
    }

    @Test
    void theReportHasAnOtherWritersSectionOnlyWhenGiven() throws java.io.IOException {
        ConfusionMatrix mnist = ChartsTest.realisticMatrix();
        String with = Report.markdown(new Report.Content("t", Map.of(), 0.1, mnist, Map.of(), List.of(usps()), null, null), dir);
        assertThat(with).contains("[Final metrics](#final-metrics) · [Other writers](#other-writers) · [Confusion matrix]",
                "\n## Other writers\n",
                "| USPS test | 90.00% | 90 | 10 | 5 → 3: 5, 4 → 9: 3, 7 → 1: 1 | read through predict's preprocessing |");
        assertThat(with.indexOf("## Other writers")).isBetween(with.indexOf("## Final metrics"), with.indexOf("## Confusion matrix"));
        String html = Report.html(new Report.Content("t", Map.of(), 0.1, mnist, Map.of(), List.of(usps()), null, null), dir);
        assertThat(html).contains("<h2 id=\"other-writers\">Other writers</h2>", "<td>USPS test</td>");
        String without = Report.markdown(new Report.Content("t", Map.of(), 0.1, mnist, Map.of()), dir);
        assertThat(without).doesNotContain("Other writers");
    }
}
