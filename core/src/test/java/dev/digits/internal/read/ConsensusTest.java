package dev.digits.internal.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.digits.internal.model.NumberNet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** How the pieces' reading and the strip model's make one answer. */
class ConsensusTest {

    static ReadDigit digit(int d, float p) {
        return new ReadDigit(new Box(0, 0, 1, 1), d, p, false, null, 1, 0);
    }

    static ReadDigit rejected(int d, float p) {
        return new ReadDigit(new Box(0, 0, 1, 1), d, p, true, DigitGate.Reason.UNLIKE_A_DIGIT, 1, 1);
    }

    static StripModel.Symbol symbol(int d, float p) {
        return new StripModel.Symbol(d, p, 0, 0);
    }

    /** A picture 400 x 120 of bars 40 wide and 80 high from each of {@code lefts}, cut into pieces, and its strip. */
    record Bars(Components c, List<Piece> pieces, Strip strip) {
        static Bars at(int... lefts) {
            int[][] bars = new int[lefts.length][];
            for (int k = 0; k < lefts.length; k++) bars[k] = new int[] {lefts[k], 20, 40, 80};
            InkMap ink = InkMap.of(StripTest.bars(400, 120, bars));
            Components c = Components.of(ink);
            List<Piece> pieces = Segmenter.group(c).pieces();
            return new Bars(c, pieces, Strip.of(ink, c, pieces));
        }
    }

    /** Judging pieces cut again: every one an 8 at 0.5. */
    static Consensus.Judged eights(List<Piece> pieces) {
        List<ReadDigit> d = new ArrayList<>();
        for (Piece q : pieces) d.add(new ReadDigit(q.box(), 8, 0.5f, false, null, 1, 0));
        return new Consensus.Judged(pieces, d, List.of());
    }

    /** Judging that must not happen: the pieces are not cut again. */
    static final Function<List<Piece>, Consensus.Judged> NEVER = p -> {
        throw new AssertionError("not cut again");
    };

    /** The strip model's output step whose middle lies at the picture's column {@code x}. */
    static int stepAt(Strip strip, double x) {
        return (int) Math.round(((x - strip.source().x()) * strip.scale() + Strip.MARGIN) / NumberNet.STEP - 0.5);
    }

    @Test
    void eachDigitIsTheSurerReadingsAndTheGateKeepsItsNoUnlessTheStripModelIsSure() {
        assertThat(Consensus.choose(digit(3, 0.6f), symbol(5, 0.9f), true).digit()).isEqualTo(5);
        assertThat(Consensus.choose(digit(3, 0.6f), symbol(5, 0.9f), false).digit()).isEqualTo(5);
        assertThat(Consensus.choose(digit(3, 0.95f), symbol(5, 0.9f), true).digit()).isEqualTo(3);
        ReadDigit kept = Consensus.choose(rejected(3, 0.6f), symbol(5, 0.98f), true);
        assertThat(kept.notADigit()).isTrue();
        // a picture of one thing: the gate alone says whether it is a digit
        assertThat(Consensus.choose(rejected(3, 0.6f), symbol(5, 1f), false).notADigit()).isTrue();
        ReadDigit taken = Consensus.choose(rejected(3, 0.6f), symbol(5, Consensus.SURE), true);
        assertThat(taken.notADigit()).isFalse();
        assertThat(taken.digit()).isEqualTo(5);
        assertThat(taken.reason()).isNull();
        assertThat(taken.probability()).isEqualTo(Consensus.SURE);
    }

    /** Two bars that touch (one component, one piece) and a third apart: three pieces' worth of ink in two pieces. */
    @Test
    void whenTheStripModelIsSurerOfItsCountThePiecesAreCutWhereItsDigitsLie() {
        Bars bars = Bars.at(40, 80, 200);
        Components c = bars.c();
        List<Piece> pieces = bars.pieces();
        assertThat(pieces).hasSize(2);
        Strip strip = bars.strip();
        // symbols centred at picture x = 60, 100 and 220
        List<StripModel.Symbol> symbols = new ArrayList<>();
        int[] digits = {4, 7, 1};
        double[] at = {60, 100, 220};
        for (int k = 0; k < 3; k++) {
            int step = stepAt(strip, at[k]);
            symbols.add(new StripModel.Symbol(digits[k], 0.99f, step, step));
        }
        List<List<Piece>> judged = new ArrayList<>();
        Consensus.Judged before = new Consensus.Judged(pieces, List.of(digit(0, 0.6f), digit(1, 0.99f)), List.of());
        Consensus.Judged after = Consensus.of(before, List.of(new StripModel.Sequence(symbols)), strip, c, p -> {
            judged.add(p);
            return eights(p);
        }, false);
        assertThat(judged).hasSize(1);
        assertThat(after.pieces()).hasSize(3);
        assertThat(after.digits()).extracting(ReadDigit::digit).containsExactly(4, 7, 1);
        // the touching pair is cut near x = 80, where the bars meet
        Box left = after.pieces().get(0).box(), right = after.pieces().get(1).box();
        assertThat(left.x()).isEqualTo(40);
        assertThat(left.right()).isBetween(76, 84);
        assertThat(right.x()).isBetween(76, 84);
        assertThat(right.right()).isEqualTo(120);

        // nor is a number recounted around a piece the gate rejected, unless the strip model is sure of every digit
        Consensus.Judged gated = new Consensus.Judged(pieces, List.of(rejected(0, 0.6f), digit(1, 0.99f)), List.of());
        List<StripModel.Symbol> unsure = new ArrayList<>(symbols);
        unsure.set(1, new StripModel.Symbol(7, 0.98f, symbols.get(1).first(), symbols.get(1).last()));
        assertThat(Consensus.of(gated, List.of(new StripModel.Sequence(unsure)), strip, c, NEVER, false)).isSameAs(gated);
        assertThat(Consensus.of(gated, List.of(new StripModel.Sequence(symbols)), strip, c, ConsensusTest::eights, false).pieces()).hasSize(3);

        // as many digits, but both of the strip model's under the first piece: not paired by position, cut again
        List<StripModel.Symbol> two = List.of(symbols.get(0), symbols.get(1));
        Consensus.Judged twoPieces = new Consensus.Judged(pieces, List.of(digit(0, 0.6f), digit(1, 0.6f)), List.of());
        Consensus.Judged moved = Consensus.of(twoPieces, List.of(new StripModel.Sequence(two)), strip, c, ConsensusTest::eights, false);
        assertThat(moved.digits()).extracting(ReadDigit::digit).containsExactly(4, 7);
        assertThat(moved.pieces()).extracting(p -> p.box().right()).allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(120));

        // the pieces' count stands when their least sure digit is surer than the strip model's
        Consensus.Judged sure = new Consensus.Judged(pieces, List.of(digit(0, 0.995f), digit(1, 0.995f)), List.of());
        assertThat(Consensus.of(sure, List.of(new StripModel.Sequence(symbols)), strip, c, NEVER, false)).isSameAs(sure);
    }

    /** Three bars apart, three pieces: a second network that counts the same digits under the same pieces has its say on each. */
    @Test
    void aSecondNetworkThatCountsAlikeHasItsSayOnEachDigit() {
        Bars bars = Bars.at(40, 140, 240);
        Components c = bars.c();
        List<Piece> pieces = bars.pieces();
        assertThat(pieces).hasSize(3);
        Strip strip = bars.strip();
        int[] steps = {stepAt(strip, 60), stepAt(strip, 160), stepAt(strip, 260)};
        Consensus.Judged judged = new Consensus.Judged(pieces, List.of(digit(1, 0.9f), digit(2, 0.6f), digit(3, 0.6f)), List.of());
        StripModel.Sequence first = new StripModel.Sequence(List.of(new StripModel.Symbol(1, 0.8f, steps[0], steps[0]),
                new StripModel.Symbol(5, 0.7f, steps[1], steps[1]), new StripModel.Symbol(3, 0.5f, steps[2], steps[2])));
        StripModel.Sequence second = new StripModel.Sequence(List.of(new StripModel.Symbol(7, 0.95f, steps[0], steps[0]),
                new StripModel.Symbol(2, 0.65f, steps[1], steps[1]), new StripModel.Symbol(8, 0.99f, steps[2], steps[2])));
        // the first network alone: 1 (the piece's 0.9 over 0.8), 5 (0.7 over 0.6), 3 (both)
        assertThat(Consensus.of(judged, List.of(first), strip, c, NEVER, false).digits()).extracting(ReadDigit::digit).containsExactly(1, 5, 3);
        // with the second: each digit the surest of the three readings
        assertThat(Consensus.of(judged, List.of(first, second), strip, c, NEVER, false).digits()).extracting(ReadDigit::digit)
                .containsExactly(7, 5, 8);
        // a second network that counts another number has no say
        StripModel.Sequence shorter = new StripModel.Sequence(second.symbols().subList(0, 2));
        assertThat(Consensus.of(judged, List.of(first, shorter), strip, c, NEVER, false).digits()).extracting(ReadDigit::digit)
                .containsExactly(1, 5, 3);
        // nor one that counts as many digits elsewhere: all three under the first piece
        StripModel.Sequence elsewhere = new StripModel.Sequence(List.of(new StripModel.Symbol(7, 0.95f, steps[0] - 1, steps[0] - 1),
                new StripModel.Symbol(2, 0.65f, steps[0], steps[0]), new StripModel.Symbol(8, 0.99f, steps[0] + 1, steps[0] + 1)));
        assertThat(Consensus.of(judged, List.of(first, elsewhere), strip, c, NEVER, false).digits()).extracting(ReadDigit::digit)
                .containsExactly(1, 5, 3);
    }
}
