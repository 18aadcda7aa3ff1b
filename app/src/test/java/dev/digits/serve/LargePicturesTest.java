package dev.digits.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.digits.internal.infer.ImageException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Turns for large pictures, without a server: who waits, who is refused, who passes. */
class LargePicturesTest {

    static byte[] png(int side) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY), "png", out);
        return out.toByteArray();
    }

    @Test
    void aLargePictureFindingEveryTurnTakenIsRefusedAfterTheWaitWhileSmallOnesPass() throws Exception {
        LargePictures large = new LargePictures(1, 50);
        byte[] big = png(1025);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> large.admit(big, () -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "first";
        }));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        assertThatThrownBy(() -> large.admit(big, () -> "second")).isInstanceOf(LargePictures.Refused.class)
                .hasMessageContaining("too many large pictures at once");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(50);
        assertThat(large.admit(png(1024), () -> "small")).isEqualTo("small");

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(large.admit(big, () -> "third")).as("the turn is given back").isEqualTo("third");
    }

    @Test
    void aTurnIsGivenBackWhenTheWorkFailsAndBadHeadersAreRefusedBeforeAnyTurn() throws Exception {
        LargePictures large = new LargePictures(1, 0);
        byte[] big = png(2000);
        assertThatThrownBy(() -> large.admit(big, () -> {
            throw new ImageException("boom");
        })).hasMessage("boom");
        assertThat(large.admit(big, () -> "again")).isEqualTo("again");
        assertThatThrownBy(() -> large.admit(new byte[] {1, 2, 3}, () -> "never"))
                .isInstanceOf(ImageException.class).hasMessageContaining("not a readable image");
        assertThatThrownBy(() -> large.admit(png(4097), () -> "never")).isInstanceOf(ImageException.class)
                .hasMessageContaining("over the 4096 x 4096 pixel limit");
    }
}
