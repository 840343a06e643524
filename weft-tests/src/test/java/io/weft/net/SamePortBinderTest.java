package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.internal.WeftRuntime;
import io.weft.internal.net.Poller;
import io.weft.internal.net.SamePortBinder;
import io.weft.junit.WeftTest;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The same-port binding behind {@code Net.createTcpListeners} (AnyIO's {@code create_tcp_listener}
 * for a host with several addresses): first with a scripted binder, where every case is exact, then
 * with real sockets, where another socket takes the port between two binds (the race the retry is
 * for) at a moment the test chooses.
 */
class SamePortBinderTest {

    /** A bound fake listener. */
    record Fake(String address, int port) {}

    /** A scripted binder: port 0 gets 1000 + the call's number; "taken" lists what is in use. */
    static final class Script {
        final List<String> log = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final List<String> taken = new ArrayList<>();
        int calls;

        Fake bind(String address, int port) throws IOException {
            calls++;
            int p = port == 0 ? 1000 + calls : port;
            log.add(address + ":" + port);
            if (taken.contains(address + ":" + p)) {
                throw new BindException("Address already in use");
            }
            if (address.equals("nowhere")) {
                throw new BindException("Cannot assign requested address");
            }
            return new Fake(address, p);
        }

        List<Fake> bindAll(List<String> addresses, int port) throws IOException {
            return SamePortBinder.bindAll(
                    addresses, port, 3, this::bind, Fake::port, f -> closed.add(f.toString()));
        }
    }

    @WeftTest
    void portZeroGivesEveryAddressTheFirstOnesPort() throws Exception {
        Script s = new Script();
        assertThat(s.bindAll(List.of("a", "b", "c"), 0))
                .containsExactly(new Fake("a", 1001), new Fake("b", 1001), new Fake("c", 1001));
        assertThat(s.log).containsExactly("a:0", "b:1001", "c:1001");
        assertThat(s.closed).isEmpty();
    }

    @WeftTest
    void aPortTakenOnALaterAddressRetriesTheWholeSetRotated() throws Exception {
        Script s = new Script();
        s.taken.add("b:1001");
        assertThat(s.bindAll(List.of("a", "b"), 0))
                .containsExactly(new Fake("b", 1003), new Fake("a", 1003));
        assertThat(s.log).containsExactly("a:0", "b:1001", "b:0", "a:1003");
        assertThat(s.closed).containsExactly(new Fake("a", 1001).toString());
    }

    @WeftTest
    void theRetriesAreBoundedAndTheirFailuresKept() {
        Script s = new Script();
        s.taken.addAll(List.of("b:1001", "a:1003", "b:1005"));
        assertThatThrownBy(() -> s.bindAll(List.of("a", "b"), 0))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("could not bind [a, b] on one free port")
                .hasMessageContaining("each of 3 attempts")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));
        assertThat(s.calls).isEqualTo(6);
        assertThat(s.closed).hasSize(3).as("each round's first listener").doesNotHaveDuplicates();
    }

    @WeftTest
    void otherFailuresAndFixedPortsAreNotRetried() {
        Script s = new Script();
        assertThatThrownBy(() -> s.bindAll(List.of("a", "nowhere"), 0))
                .isInstanceOf(BindException.class)
                .hasMessage("Cannot assign requested address");
        assertThat(s.closed).containsExactly(new Fake("a", 1001).toString());

        Script fixed = new Script();
        fixed.taken.add("b:80");
        assertThatThrownBy(() -> fixed.bindAll(List.of("a", "b"), 80))
                .isInstanceOf(BindException.class)
                .hasMessage("Address already in use");
        assertThat(fixed.log).containsExactly("a:80", "b:80");

        Script first = new Script();
        first.taken.add("a:1001");
        assertThatThrownBy(() -> first.bindAll(List.of("a", "b"), 0))
                .as("the first address's own port 0 cannot be taken: nothing to retry")
                .isInstanceOf(BindException.class);
        assertThat(first.calls).isEqualTo(1);
    }

    /**
     * Real sockets: right after 127.0.0.1 got its free port P, another socket takes ::1 port P; the
     * retry closes the IPv4 listener and binds both on a new port, IPv6 first.
     */
    @WeftTest
    void aRealPortTakenBetweenTwoBindsIsRetriedOnAnotherPort() throws Exception {
        Assumptions.assumeTrue(NetTesting.IPV6, "needs IPv6");
        Poller poller = WeftRuntime.current().poller();
        TcpListenerOptions options = TcpListenerOptions.defaults();
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        List<SocketListener> blockers = new ArrayList<>();
        List<String> log = new ArrayList<>();
        List<SocketListener> bound = List.of();
        try {
            bound =
                    SamePortBinder.bindAll(
                            List.of(v4, v6),
                            0,
                            Listening.SAME_PORT_ATTEMPTS,
                            (a, port) -> {
                                log.add(a.getHostAddress() + ":" + (port == 0 ? "0" : "P"));
                                if (a == v6 && port != 0 && blockers.isEmpty()) {
                                    blockers.add(Listening.listenTcp(poller, v6, port, options));
                                }
                                return Listening.listenTcp(poller, a, port, options);
                            },
                            l -> l.localAddress().getPort(),
                            SocketListener::close);
            int taken = blockers.getFirst().localAddress().getPort();
            assertThat(log)
                    .containsExactly(
                            "127.0.0.1:0", "0:0:0:0:0:0:0:1:P", "0:0:0:0:0:0:0:1:0", "127.0.0.1:P");
            assertThat(bound).hasSize(2);
            int port = bound.getFirst().localAddress().getPort();
            assertThat(bound.get(1).localAddress().getPort()).isEqualTo(port);
            assertThat(port).isNotEqualTo(taken);
            assertThat(bound.getFirst().extra(SocketAttribute.LOCAL_ADDRESS))
                    .isEqualTo(new java.net.InetSocketAddress(v6, port));
        } finally {
            bound.forEach(SocketListener::close);
            blockers.forEach(SocketListener::close);
        }
    }
}
