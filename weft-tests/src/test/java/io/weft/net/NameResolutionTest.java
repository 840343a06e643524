package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Net.getaddrinfo / getnameinfo, resolved in worker threads; names converted with IDNA. */
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
}
