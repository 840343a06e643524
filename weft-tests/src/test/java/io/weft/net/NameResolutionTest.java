package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Net.getaddrinfo / getnameinfo, resolved in worker threads; names converted with IDNA. Ports of
 * AnyIO's {@code tests/test_sockets.py}: {@code test_getaddrinfo_ipv6addr}, {@code
 * test_getnameinfo}, {@code test_connect_tcp_getaddrinfo_context} (the resolver's error comes
 * alone, without a chained cause). Not ported: {@code test_getaddrinfo}, which resolves {@code
 * faß.de} on the internet, and these tests stay on loopback; the IDNA 2008 conversion it relies on
 * ({@code faß.de} → {@code xn--fa-hia.de}, not {@code fass.de}) is tested in {@link IdnaTest}.
 */
class NameResolutionTest {

    // AnyIO: test_sockets.py::test_getaddrinfo
    @WeftTest
    void aNameResolvesToSocketAddressesForThePort() throws Exception {
        assertThat(Net.getaddrinfo("localhost", 80))
                .contains(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80));
        assertThat(Net.getaddrinfo("127.0.0.1", 0)).hasSize(1);
        assertThatThrownBy(() -> Net.getaddrinfo("localhost", 70000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // AnyIO: test_sockets.py::test_getaddrinfo_ipv6 / IDNA: the name is converted first
    @WeftTest
    void aNonAsciiNameIsLookedUpInItsAsciiForm() {
        assertThatThrownBy(() -> Net.getaddrinfo("bücher.invalid", 80))
                .isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("xn--bcher-kva.invalid");
    }

    // AnyIO: test_sockets.py::test_getnameinfo
    @WeftTest
    void anAddressResolvesBackToItsName() throws Exception {
        assertThat(Net.getnameinfo(InetAddress.getByName("127.0.0.1"))).isEqualTo("localhost");
    }

    // AnyIO: test_sockets.py::test_getaddrinfo_ipv6addr (an IPv6 literal is not mangled by IDNA)
    @WeftTest
    void anIpv6LiteralResolvesToItself() throws Exception {
        assertThat(Net.getaddrinfo("::1", 0))
                .isEqualTo(List.of(new InetSocketAddress(InetAddress.getByName("::1"), 0)));
    }

    // AnyIO: test_sockets.py::test_connect_tcp_getaddrinfo_context (AnyIO issue #815)
    @WeftTest
    void aNameThatDoesNotResolveFailsConnectTcpWithTheResolversErrorAlone() {
        assertThatThrownBy(() -> Net.connectTcp("anyio.invalid", 6666))
                .isInstanceOf(UnknownHostException.class)
                .hasNoCause()
                .satisfies(e -> assertThat(e.getSuppressed()).isEmpty());
    }
}
