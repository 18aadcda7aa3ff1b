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
                .contains("digits.example", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1")
                .containsAll(RequestGuard.ownNames());
        assertThat(RequestGuard.ownNames()).noneMatch(n -> n.contains("%"));
        // a Host header's compressed IPv6 matches the address in its full spelling
        assertThat(RequestGuard.canonical("FE80::1")).isEqualTo(RequestGuard.canonical("fe80:0:0:0:0:0:0:1"));
        assertThat(RequestGuard.canonical("Digits.Example")).isEqualTo("digits.example");
    }

    @Test
    void boundToLoopbackItTakesTheLoopbackNamesAndTheAllowedOnes() {
        assertThat(RequestGuard.forBinding("127.0.0.1", List.of("proxy.local")).names())
                .containsExactlyInAnyOrder("127.0.0.1", "localhost", "0:0:0:0:0:0:0:1", "proxy.local");
    }
}
