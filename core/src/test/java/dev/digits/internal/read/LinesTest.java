package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinesTest {

    /** The typical digit height of the pieces below. */
    private static final double H = 60;

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
        assertThat(xs(Lines.of(pieces, H))).containsExactly(List.of(0, 100, 200), List.of(50, 150));
    }

    @Test
    void aSteeplySlantedLineChainsThroughItsDigitsThoughItsEndsShareNoRow() {
        // each digit 45 px lower than the one before (a line at about 42 degrees): neighbours share a quarter of their rows
        List<Piece> pieces = List.of(at(0, 0, 40, 60), at(50, 45, 40, 60), at(100, 90, 40, 60), at(150, 135, 40, 60));
        assertThat(Lines.neighbours(pieces.get(0).box(), pieces.get(2).box(), H)).isFalse();
        assertThat(xs(Lines.of(pieces, H))).containsExactly(List.of(0, 50, 100, 150));
    }

    @Test
    void aDigitWrittenHighInItsLineStaysInIt() {
        // the middle digit raised by 50 of its 60 rows: it shares 10 with each neighbour
        List<Piece> pieces = List.of(at(0, 100, 40, 60), at(50, 50, 40, 60), at(100, 100, 40, 60));
        assertThat(xs(Lines.of(pieces, H))).containsExactly(List.of(0, 50, 100));
    }

    @Test
    void aShortPieceNeverStartsALineButJoinsTheNearest() {
        // a 5's flag written apart, above its body and sharing none of its rows; a small digit set
        // high beside a number; a minus sign inside the rows
        List<Piece> five = List.of(at(0, 20, 40, 45), at(5, 0, 30, 15));
        assertThat(xs(Lines.of(five, 45))).containsExactly(List.of(0, 5));
        List<Piece> raised = List.of(at(0, 100, 40, 60), at(50, 100, 40, 60), at(95, 70, 20, 30));
        assertThat(xs(Lines.of(raised, H))).containsExactly(List.of(0, 50, 95));
        List<Piece> twoLinesAndAMark = List.of(at(0, 0, 40, 60), at(50, 0, 40, 60), at(0, 120, 40, 60), at(60, 140, 20, 6));
        assertThat(xs(Lines.of(twoLinesAndAMark, H))).containsExactly(List.of(0, 50), List.of(0, 60));
    }

    @Test
    void twoSlantedLinesStayTwoThoughTheEndOfOneSharesRowsWithTheStartOfTheOther() {
        // six digits a line, each 12 px lower than the one before; the second line 100 px under the
        // first: the first line's last digit shares rows with the second line's first, 250 px away
        List<Piece> pieces = new java.util.ArrayList<>();
        for (int line = 0; line < 2; line++) {
            for (int k = 0; k < 6; k++) pieces.add(at(50 * k, 100 * line + 12 * k, 40, 60));
        }
        assertThat(Lines.neighbours(pieces.get(5).box(), pieces.get(6).box(), H)).isFalse();
        assertThat(xs(Lines.of(pieces, H))).containsExactly(List.of(0, 50, 100, 150, 200, 250), List.of(0, 50, 100, 150, 200, 250));
    }

    @Test
    void aShortDigitBetweenTwoWholeOnesKeepsTheirLineWhole() {
        // the middle digit written small: the whole ones beside it are 120 px apart, over 1.5 H
        List<Piece> pieces = List.of(at(0, 0, 40, 60), at(60, 20, 40, 40), at(160, 0, 40, 60));
        assertThat(Lines.neighbours(pieces.get(0).box(), pieces.get(2).box(), H)).isFalse();
        assertThat(xs(Lines.of(pieces, H))).containsExactly(List.of(0, 60, 160));
    }

    @Test
    void twoNumbersFarApartOnOneLineAreReadLeftToRightThoughTheRightOneIsHigher() {
        // the right one 40 of its 60 rows higher
        List<Piece> pieces = List.of(at(400, 0, 40, 60), at(450, 2, 40, 60), at(0, 40, 40, 60), at(50, 42, 40, 60));
        assertThat(xs(Lines.of(pieces, H))).containsExactly(List.of(0, 50), List.of(400, 450));
    }

    @Test
    void rowsSharedByLessThanATenthOfTheShorterDigitOrColumnsSharedAreNotNeighbours() {
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(50, 55, 40, 60), H)).isFalse(); // 5 of 60 rows
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(50, 54, 40, 60), H)).isTrue(); // 6
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(50, 60, 40, 60), H)).isFalse(); // touching, none shared
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(10, 31, 40, 60), H)).isFalse(); // stacked: columns shared, 29 rows
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(10, 30, 40, 60), H)).isTrue(); // side by side, overlapping: 30
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(131, 0, 40, 60), H)).isFalse(); // 91 px apart: over 1.5 H
        assertThat(Lines.neighbours(new Box(0, 0, 40, 60), new Box(130, 0, 40, 60), H)).isTrue(); // 90
        assertThat(Lines.of(List.of(), H)).isEmpty();
        // only short pieces: one line, left to right
        assertThat(xs(Lines.of(List.of(at(30, 0, 10, 10), at(0, 40, 10, 10)), H))).containsExactly(List.of(0, 30));
    }
}
