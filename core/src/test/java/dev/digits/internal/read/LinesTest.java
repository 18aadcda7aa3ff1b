package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinesTest {

    private static Piece at(int x, int y, int w, int h) {
        return new Piece(new BitSet(), Piece.Cut.LEFT_EDGE, Piece.Cut.RIGHT_EDGE, new Box(x, y, w, h), w * h);
    }

    private static List<List<Integer>> xs(List<List<Piece>> lines) {
        return lines.stream().map(l -> l.stream().map(p -> p.box().x()).toList()).toList();
    }

    @Test
    void digitsUnderOneAnotherAreTwoLinesTopFirstEachLeftToRight() {
        // given out of order: the lower line first, and its centres between the upper line's
        List<Piece> pieces = List.of(at(150, 120, 40, 60), at(0, 0, 40, 60), at(50, 120, 40, 60),
                at(200, 5, 40, 60), at(100, 0, 40, 60));
        assertThat(xs(Lines.of(pieces))).containsExactly(List.of(0, 100, 200), List.of(50, 150));
    }

    @Test
    void aSlantedLineChainsThroughItsDigitsThoughItsEndsShareNoRow() {
        // each digit 30 px lower than the one before: neighbours share half their rows, the ends none
        List<Piece> pieces = List.of(at(0, 0, 40, 60), at(50, 30, 40, 60), at(100, 60, 40, 60), at(150, 90, 40, 60));
        assertThat(Lines.oneLine(pieces.get(0).box(), pieces.get(3).box())).isFalse();
        assertThat(xs(Lines.of(pieces))).containsExactly(List.of(0, 50, 100, 150));
    }

    @Test
    void aSmallMarkWithinTheLinesRowsStaysOnIt() {
        // a short piece (a minus sign, a broken stroke) inside the digits' rows
        List<Piece> pieces = List.of(at(0, 0, 40, 60), at(45, 28, 20, 6), at(70, 2, 40, 60));
        assertThat(xs(Lines.of(pieces))).containsExactly(List.of(0, 45, 70));
    }

    @Test
    void rowsSharedByLessThanAQuarterOfTheShorterPieceAreTwoLines() {
        assertThat(Lines.oneLine(new Box(0, 0, 40, 60), new Box(50, 46, 40, 60))).isFalse(); // 14 of 60 rows
        assertThat(Lines.oneLine(new Box(0, 0, 40, 60), new Box(50, 44, 40, 60))).isTrue(); // 16
        assertThat(Lines.of(List.of())).isEmpty();
    }
}
