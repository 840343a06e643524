package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.BrokenResourceError;
import io.weft.CancelScope;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.stream.ByteStream;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.StreamPair;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link TlsStream#unwrap()} beyond AnyIO's one test (which is in {@link TlsStreamTest}): the bytes
 * past the peer's close_notify, TLS 1.2 and 1.3, a transport that ends first, a cancelled unwrap
 * that is resumed; and closing or cancelling a handshake.
 */
class TlsUnwrapTest {
    private static SSLContext server;

    @BeforeAll
    static void contexts() throws Exception {
        server = TlsTesting.server();
    }

    /** A handshaken pair over a memory pair, the client on {@code version}: (client, server). */
    private static StreamPair<TlsStream, TlsStream> pair(
            ByteStream clientRaw, ByteStream serverRaw, String version) throws Exception {
        SSLContext client = TlsTesting.client(version);
        return TlsTesting.handshake(
                clientRaw,
                raw -> TlsStream.wrap(raw, client, false, "localhost", true),
                serverRaw,
                raw -> TlsStream.wrap(raw, server, true, null, true));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Holds back what is sent until {@link #flush()}, which sends it all as one chunk. */
    static final class Batching implements ByteStream {
        private final ByteStream inner;
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private volatile boolean holding;

        Batching(ByteStream inner) {
            this.inner = inner;
        }

        void hold() {
            holding = true;
        }

        void flush() {
            holding = false;
            inner.send(held.toByteArray());
            held.reset();
        }

        @Override
        public byte[] receive(int maxBytes) {
            return inner.receive(maxBytes);
        }

        @Override
        public void send(byte[] data) {
            if (holding) {
                held.writeBytes(data);
            } else {
                inner.send(data);
            }
        }

        @Override
        public void sendEof() {
            inner.sendEof();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /**
     * The peer's close_notify and the plaintext after it arrive in one chunk: the plaintext is the
     * leftover, exactly; then both transports carry plaintext both ways. On TLS 1.3 and 1.2 (whose
     * engines close differently: 1.2 answers a close_notify with its own).
     */
    @WeftTest
    void bytesPastThePeersCloseNotifyAreTheLeftover() throws Exception {
        for (String version : new String[] {"TLSv1.3", "TLSv1.2"}) {
            var raw = MemoryByteStream.pair(16);
            Batching serverRaw = new Batching(raw.second());
            var p = pair(raw.first(), serverRaw, version);
            TlsStream c = p.first();
            TlsStream s = p.second();
            assertThat(c.extra(TlsAttribute.PROTOCOL)).isEqualTo(version);
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
                    serverRaw.hold();
                    TlsStream.Unwrapped u = s.unwrap(); // its close_notify is held back...
                    assertThat(u.leftover()).isEmpty();
                    u.transport().send(utf8("plain")); // ...and sent with this
                    serverRaw.flush();
                    assertThat(u.transport().receive()).isEqualTo(utf8("reply"));
                });
                TlsStream.Unwrapped u = c.unwrap();
                assertThat(new String(u.leftover(), StandardCharsets.UTF_8))
                        .as(version)
                        .isEqualTo("plain");
                u.transport().send(utf8("reply"));
            });
            assertThatThrownBy(s::receive).isInstanceOf(ClosedResourceError.class);
            assertThatThrownBy(() -> s.send(utf8("x")))
                    .isInstanceOf(ClosedResourceError.class)
                    .hasMessageContaining("unwrapped");
            assertThatThrownBy(c::unwrap).isInstanceOf(ClosedResourceError.class);
            raw.first().close();
            raw.second().close();
        }
    }

    @WeftTest
    void aTransportThatEndsBeforeThePeersCloseNotifyBreaksTheUnwrap() throws Exception {
        var raw = MemoryByteStream.pair(16);
        var p = pair(raw.first(), raw.second(), "TLS");
        raw.second().sendEof(); // the server's side ends without a close_notify
        assertThatThrownBy(p.first()::unwrap)
                .isInstanceOf(BrokenResourceError.class)
                .hasMessageContaining("close_notify");
        p.first().close(); // not unwrapped: closes the transport
        assertThatThrownBy(() -> raw.first().send(new byte[] {1}))
                .isInstanceOf(ClosedResourceError.class);
        raw.second().close();
    }

    /**
     * An unwrap cancelled while it waits for the peer's close_notify loses nothing: a second unwrap
     * finishes the closing handshake once the peer answers.
     */
    @WeftTest
    void aCancelledUnwrapCanBeResumed() throws Exception {
        var raw = MemoryByteStream.pair(16);
        var p = pair(raw.first(), raw.second(), "TLS");
        TlsStream c = p.first();
        TlsStream s = p.second();
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> scope.run(x -> c.unwrap()));
            Weft.waitAllTasksBlocked(); // the client has sent its close_notify and waits
            scope.cancel();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        assertThatThrownBy(s::receive).isInstanceOf(EndOfStream.class);
        assertThat(s.unwrap().leftover()).isEmpty();
        TlsStream.Unwrapped u = c.unwrap();
        assertThat(u.leftover()).isEmpty();
        raw.second().send(utf8("after"));
        assertThat(u.transport().receive()).isEqualTo(utf8("after"));
        raw.first().close();
        raw.second().close();
    }

    // The brief's "close during handshake": closing the transport while the handshake waits.
    @WeftTest
    void closingTheTransportDuringTheHandshakeFailsItClearly() throws Exception {
        SSLContext client = TlsTesting.client("TLS");
        var raw = MemoryByteStream.pair(16);
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    assertThatThrownBy(() ->
                                    TlsStream.wrap(raw.first(), client, false, "localhost", true))
                            .isInstanceOf(ClosedResourceError.class));
            Weft.waitAllTasksBlocked(); // the ClientHello is out; the client waits for the reply
            raw.first().close();
        });
        raw.second().close();
    }

    /** A cancelled handshake closes the transport: the peer sees the ClientHello, then the end. */
    @WeftTest
    void aCancelledHandshakeClosesTheTransport() throws Exception {
        SSLContext client = TlsTesting.client("TLS");
        var raw = MemoryByteStream.pair(16);
        CancelScope scope = new CancelScope();
        TaskGroup.run(tg -> {
            tg.startSoon(() ->
                    scope.run(x -> TlsStream.wrap(raw.first(), client, false, "localhost", true)));
            Weft.waitAllTasksBlocked();
            scope.cancel();
        });
        assertThat(scope.cancelledCaught()).isTrue();
        byte[] hello = TlsTesting.receiveAll(raw.second(), 10);
        assertThat(hello[0]).as("a TLS handshake record").isEqualTo((byte) 22);
        assertThatThrownBy(() -> raw.first().send(new byte[] {1}))
                .isInstanceOf(ClosedResourceError.class);
        raw.second().close();
    }
}
