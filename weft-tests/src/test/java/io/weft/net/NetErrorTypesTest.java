package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.ConnectionFailed;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.internal.WeftRuntime;
import io.weft.internal.net.Poller;
import io.weft.junit.WeftTest;
import io.weft.stream.Listener;
import io.weft.stream.MultiListener;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * The rule of issue 14: a failure the OS or the network reports comes out of {@code io.weft.net} as
 * a checked {@link IOException}, never wrapped in an unchecked one, so a {@code catch (IOException
 * e)} around a call sees it. (Failed TLS handshakes, the other such case, are in the TLS tests;
 * closed and broken sockets stay Weft's own errors and are in the stream tests.)
 */
class NetErrorTypesTest {

    /** A call that may fail with an {@link IOException}. */
    @FunctionalInterface
    private interface IoCall {
        Object run() throws IOException;
    }

    /**
     * What {@code call} threw, caught as a caller of a method declared {@code throws IOException}.
     */
    private static IOException ioFailureOf(IoCall call) {
        try {
            call.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("the call did not fail");
    }

    /** What {@code listener.serve(handler, taskGroup)} threw, caught in the group's host. */
    private static IOException serveFailureOf(Listener<?> listener) {
        AtomicReference<IOException> seen = new AtomicReference<>();
        TaskGroup.run(tg ->
                seen.set(
                        ioFailureOf(() -> {
                            listener.serve(conn -> {}, tg);
                            return null;
                        })));
        return seen.get();
    }

    // AnyIO: ConnectionFailed is an OSError for the same reason
    @WeftTest
    void aRefusedConnectionIsAnIOExceptionForEveryWayOfConnecting() throws Exception {
        int port = NetTesting.freePort("127.0.0.1");
        SSLContext tls = SSLContext.getDefault();
        List<IoCall> connects =
                List.of(
                        () -> Net.connectTcp("127.0.0.1", port),
                        () -> new TcpConnectable("127.0.0.1", port).connect(),
                        () -> Net.asConnectable("127.0.0.1", port).connect(),
                        () -> Net.connectTls("127.0.0.1", port, tls));
        for (IoCall connect : connects) {
            assertThat(ioFailureOf(connect))
                    .isInstanceOf(ConnectionFailed.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasCauseInstanceOf(ConnectException.class)
                    .satisfies(e ->
                            assertThat(((ConnectionFailed) e).attempts())
                                    .singleElement()
                                    .isInstanceOf(ConnectException.class));
        }
    }

    // AnyIO: connect_tcp resolves local_host with getaddrinfo, whose gaierror is an OSError
    @WeftTest
    void aLocalHostThatDoesNotResolveIsTheResolversErrorBeforeAnyAttempt() throws Exception {
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
            int port = listener.localAddress().getPort();
            TcpConnectOptions options =
                    TcpConnectOptions.defaults().localAddress("nowhere.invalid", 0);
            assertThat(ioFailureOf(() -> Net.connectTcp("127.0.0.1", port, options)))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("nowhere.invalid")
                    .hasNoSuppressedExceptions();
            // A local address given as a literal is bound as it is, with no resolver.
            try (SocketStream s =
                            Net.connectTcp(
                                    "127.0.0.1",
                                    port,
                                    TcpConnectOptions.defaults().localAddress("127.0.0.1", 0));
                    SocketStream accepted = listener.accept()) {
                assertThat(accepted.extra(SocketAttribute.REMOTE_PORT))
                        .isEqualTo(s.extra(SocketAttribute.LOCAL_PORT));
            }
        }
    }

    @WeftTest
    void aNameThatDoesNotResolveIsAnUnknownHostExceptionWhereverANameIsTaken() throws Exception {
        String host = "nowhere.invalid";
        SSLContext tls = SSLContext.getDefault();
        try (UdpSocket udp = Net.createUdpSocket("127.0.0.1", 0)) {
            List<IoCall> calls =
                    List.of(
                            () -> Net.getaddrinfo(host, 80),
                            () -> Net.connectTcp(host, 80),
                            () -> Net.connectTls(host, 443, tls),
                            () -> new TcpConnectable(host, 80).connect(),
                            () -> Net.createTcpListener(host, 0),
                            () -> Net.createTcpListeners(host, 0),
                            () -> Net.createUdpSocket(host, 0),
                            () -> Net.createConnectedUdpSocket(host, 53, null, 0),
                            () -> {
                                // was an unchecked UnresolvedAddressException, and a lookup that
                                // blocked the task's thread
                                udp.sendTo(new byte[] {1}, host, 53);
                                return null;
                            });
            for (IoCall call : calls) {
                assertThat(ioFailureOf(call))
                        .isInstanceOf(UnknownHostException.class)
                        .hasMessageContaining(host);
            }
        }
    }

    @WeftTest
    void sendToResolvesANameAndReachesThePeer() throws Exception {
        try (UdpSocket server = Net.createUdpSocket("127.0.0.1", 0);
                UdpSocket client = Net.createUdpSocket("127.0.0.1", 0)) {
            client.sendTo(new byte[] {7}, "localhost", server.localAddress().getPort());
            Datagram d = server.receive();
            assertThat(d.data()).containsExactly(7);
            assertThat(d.address()).isEqualTo(client.localAddress());
        }
    }

    @WeftTest
    void aConnectedUdpSocketWithoutALocalHostBindsTheRemoteFamilysWildcard() throws Exception {
        try (UdpSocket server = Net.createUdpSocket("127.0.0.1", 0);
                ConnectedUdpSocket client =
                        Net.createConnectedUdpSocket(
                                "127.0.0.1", server.localAddress().getPort(), null, 0)) {
            client.send(new byte[] {1, 2});
            Datagram d = server.receive();
            assertThat(d.data()).containsExactly(1, 2);
            server.send(new Datagram(new byte[] {3}, d.address()));
            assertThat(client.receive()).containsExactly(3);
        }
    }

    /**
     * An accept the OS refuses (here: out of file descriptors) is its IOException, from accept and
     * from every serve over it, as in AnyIO; the listener stays open. It used to loop, retrying.
     */
    @WeftTest
    void anAcceptTheOsRefusesIsAnIOExceptionFromAcceptAndFromServe() throws Exception {
        Poller poller = WeftRuntime.current().poller();
        IOException emfile = new IOException("Too many open files");
        ScriptedServerChannel channel = new ScriptedServerChannel(emfile);
        try (SocketListener listener = new SocketListener(channel, poller)) {
            assertThat(ioFailureOf(listener::accept)).isSameAs(emfile);
            assertThat(serveFailureOf(listener)).isSameAs(emfile);
            TlsListener tls = new TlsListener(listener, SSLContext.getDefault());
            assertThat(ioFailureOf(tls::accept)).isSameAs(emfile);
            assertThat(serveFailureOf(tls)).isSameAs(emfile);
            // A serve with a task group of its own, or over several listeners, is a group's.
            assertThatThrownBy(() -> listener.serve(conn -> conn.close()))
                    .isInstanceOf(ExceptionGroup.class)
                    .satisfies(
                            e -> assertThat(((ExceptionGroup) e).leaves()).containsExactly(emfile));
            assertThatThrownBy(() ->
                            new MultiListener<>(List.of(listener)).serve(conn -> conn.close()))
                    .isInstanceOf(ExceptionGroup.class)
                    .satisfies(
                            e -> assertThat(((ExceptionGroup) e).leaves()).containsExactly(emfile));
            assertThat(channel.isOpen()).as("the listener stays open").isTrue();
        }
        assertThat(channel.isOpen()).isFalse();
    }

    /**
     * A connection that fails while it is being set up (after the accept) is that connection's
     * failure, not the listener's: it is closed and the next one is taken. It used to come out of
     * accept as an UncheckedIOException.
     */
    @WeftTest
    void aConnectionThatFailsBeforeItCanBeUsedIsClosedAndTheNextTaken() throws Exception {
        Poller poller = WeftRuntime.current().poller();
        UnconfigurableSocket gone = new UnconfigurableSocket();
        IOException stop = new IOException("no more connections in this script");
        ScriptedServerChannel channel = new ScriptedServerChannel(gone, stop);
        try (SocketListener listener = new SocketListener(channel, poller)) {
            assertThat(ioFailureOf(listener::accept)).isSameAs(stop);
            assertThat(gone.isOpen()).as("the failed connection was closed").isFalse();
        }
    }

    /** Without a poller, {@code notifyClosing} has nobody to wake, and starts none. */
    @WeftTest
    void notifyClosingStartsNoPoller() throws Exception {
        try (SocketChannel ch = SocketChannel.open()) {
            Net.notifyClosing(ch);
            assertThat(WeftRuntime.current().pollerIfStarted()).isNull();
        }
    }

    /**
     * A server socket channel whose {@code accept} answers from a script: a connection to return,
     * or an exception to throw (the last answer is repeated).
     */
    private static final class ScriptedServerChannel extends ServerSocketChannel {
        private final ArrayDeque<Object> answers;

        ScriptedServerChannel(Object... answers) {
            super(SelectorProvider.provider());
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public SocketChannel accept() throws IOException {
            Object next = answers.size() > 1 ? answers.poll() : answers.peek();
            if (next instanceof IOException e) {
                throw e;
            }
            return (SocketChannel) next;
        }

        @Override
        public SocketAddress getLocalAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return Set.of();
        }

        @Override
        public ServerSocketChannel bind(SocketAddress local, int backlog) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServerSocket socket() {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseSelectableChannel() {}

        @Override
        protected void implConfigureBlocking(boolean block) {}
    }

    /** An accepted connection that the peer reset before it could be made non-blocking. */
    private static final class UnconfigurableSocket extends SocketChannel {
        UnconfigurableSocket() {
            super(SelectorProvider.provider());
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            throw new IOException("Connection reset by peer");
        }

        @Override
        protected void implCloseSelectableChannel() {}

        @Override
        public SocketChannel bind(SocketAddress local) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> SocketChannel setOption(SocketOption<T> name, T value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T getOption(SocketOption<T> name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return Set.of();
        }

        @Override
        public SocketChannel shutdownInput() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketChannel shutdownOutput() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket socket() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public boolean isConnectionPending() {
            return false;
        }

        @Override
        public boolean connect(SocketAddress remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean finishConnect() {
            return true;
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SocketAddress getLocalAddress() {
            return null;
        }
    }
}
