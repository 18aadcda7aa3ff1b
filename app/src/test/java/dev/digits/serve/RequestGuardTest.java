package dev.digits.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Host names a server answers to, by the address it is bound to and --allow-host. */
class RequestGuardTest {

    @Test
    void boundToEveryInterfaceItTakesAnyNameOrTheAllowedOnesAndItsOwn() {
        assertThat(RequestGuard.forBinding("0.0.0.0", List.of()).names()).as("any").isEmpty();
        // with a name allowed, the machine's own names stay: the operator on the machine is not locked out
        assertThat(RequestGuard.forBinding("0.0.0.0", List.of("Digits.Example")).names())
                .contains("digits.example", "localhost", "127.0.0.1", "::1")
                .containsAll(RequestGuard.ownNames());
        assertThat(RequestGuard.ownNames()).noneMatch(n -> n.contains("%"));
    }

    @Test
    void boundToLoopbackItTakesTheLoopbackNamesAndTheAllowedOnes() {
        assertThat(RequestGuard.forBinding("127.0.0.1", List.of("proxy.local")).names())
                .containsExactlyInAnyOrder("127.0.0.1", "localhost", "::1", "proxy.local");
    }
}
