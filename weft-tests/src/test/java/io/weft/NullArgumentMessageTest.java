package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.file.AsyncFile;
import io.weft.file.AsyncPath;
import io.weft.file.FileOptions;
import io.weft.junit.WeftTest;
import io.weft.net.ConnectedUdpSocket;
import io.weft.net.Datagram;
import io.weft.net.Net;
import io.weft.net.TcpConnectOptions;
import io.weft.net.TcpConnectable;
import io.weft.net.TlsConnectable;
import io.weft.net.TlsListener;
import io.weft.net.TlsStream;
import io.weft.net.UdpSocket;
import io.weft.net.UdpSocketOptions;
import io.weft.process.ProcessOptions;
import io.weft.process.Processes;
import io.weft.process.WeftProcess;
import io.weft.stream.BufferedByteStream;
import io.weft.stream.ByteStream;
import io.weft.stream.Listener;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.TypedAttribute;
import io.weft.sync.CapacityLimiter;
import io.weft.sync.Condition;
import io.weft.testing.MemoryByteStream;
import io.weft.testing.ScheduleTrace;
import io.weft.thread.BlockingPortal;
import io.weft.thread.BlockingPortalProvider;
import io.weft.thread.FromThread;
import io.weft.thread.ToThread;
import io.weft.thread.ToThreadOptions;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A null where a null could plausibly mean something (any address, the defaults, no value) is an
 * NPE whose message says what to pass instead, as AnyIO says "either family or local_host must be
 * given" (issue 14, item 4); or, where a null has an obvious meaning, it is taken to mean it.
 * Bodies and other arguments without such a meaning keep the bare parameter name (see
 * BadInputTest).
 */
class NullArgumentMessageTest {

    /**
     * Asserts that {@code call} throws an NPE whose message contains every one of {@code parts}.
     */
    private static void assertNullSays(ThrowingCallable call, String... parts) {
        var thrown = assertThatThrownBy(call).isExactlyInstanceOf(NullPointerException.class);
        for (String part : parts) {
            thrown.hasMessageContaining(part);
        }
    }

    @WeftTest
    void filesSayWhatToPassForANullModeOptionsOrCharset() {
        java.nio.file.Path p = java.nio.file.Path.of("never-opened");
        assertNullSays(() -> AsyncFile.open(p, null), "mode is null", "pass \"r\"");
        assertNullSays(
                () -> AsyncFile.open(p, "r", null), "options is null: pass FileOptions.defaults()");
        assertNullSays(
                () -> FileOptions.defaults().charset(null),
                "charset is null: pass StandardCharsets.UTF_8");
        // A null newline is Python's default (universal newlines), a null limiter the runtime's.
        assertThat(FileOptions.defaults().newline("").newline(null).newline()).isNull();
        assertThat(FileOptions.defaults().limiter(null).limiter()).isNull();
    }

    @WeftTest
    void tempfilesSayWhatToPassForANullModeOrOptions() {
        assertNullSays(
                () -> io.weft.file.TemporaryFile.create(null),
                "options is null: pass TempfileOptions.defaults()");
        assertNullSays(
                () -> io.weft.file.SpooledTemporaryFile.create(1, null),
                "options is null: pass TempfileOptions.defaults()");
        assertNullSays(
                () -> io.weft.file.TempfileOptions.defaults().mode(null),
                "mode is null: pass \"w+b\"");
        assertNullSays(
                () -> io.weft.file.TempfileOptions.defaults().fileOptions(null),
                "fileOptions is null: pass FileOptions.defaults()");
        // A null prefix, suffix or directory is Python's default.
        var d = io.weft.file.TempfileOptions.defaults().prefix(null).suffix(null).dir(null);
        assertThat(d.prefix()).isEqualTo("tmp");
        assertThat(d.suffix()).isEmpty();
        assertThat(d.dir()).isNull();
    }

    @WeftTest
    void netSaysWhatToPassForANullHostOptionsOrContext() throws Exception {
        assertNullSays(() -> Net.connectTcp(null, 80), "host is null", "\"localhost\"");
        assertNullSays(
                () -> Net.connectTcp("localhost", 80, null),
                "options is null: pass TcpConnectOptions.defaults()");
        assertNullSays(
                () -> Net.connectTls("localhost", 443, null),
                "context is null: pass SSLContext.getDefault()");
        assertNullSays(
                () -> Net.createTcpListener(null, 0),
                "localHost is null",
                "\"0.0.0.0\" or \"::\"",
                "createTcpListeners(null, port)");
        assertNullSays(
                () -> Net.createTcpListener("127.0.0.1", 0, null),
                "pass TcpListenerOptions.defaults()");
        assertNullSays(
                () -> Net.createTcpListeners("127.0.0.1", 0, null),
                "pass TcpListenerOptions.defaults()");
        assertNullSays(() -> Net.getaddrinfo(null, 0), "host is null", "\"localhost\"");
        assertNullSays(() -> new TcpConnectable(null, 80), "host is null");
        assertNullSays(
                () -> new TcpConnectable("localhost", 80, null), "TcpConnectOptions.defaults()");
        assertNullSays(
                () -> TcpConnectOptions.defaults().happyEyeballsDelay(null),
                "DEFAULT_HAPPY_EYEBALLS_DELAY",
                "Duration.ZERO");
        assertNullSays(
                () -> TcpConnectOptions.defaults().localAddress(null, 0),
                "\"0.0.0.0\" or \"::\"",
                "leave localAddress unset");
        // A null TLS host name is the default: check the host connected to.
        assertThat(TcpConnectOptions.defaults().tlsHostname("a").tlsHostname(null).tlsHostname())
                .isNull();
    }

    // AnyIO: create_udp_socket() says "either family or local_host must be given"
    @WeftTest
    void udpSaysWhatToPassForANullLocalHost() throws Exception {
        assertNullSays(
                () -> Net.createUdpSocket(null, 0),
                "localHost is null",
                "\"0.0.0.0\" or \"::\"",
                "UdpSocketOptions.family(...)");
        assertThatThrownBy(() -> Net.createUdpSocket(null, 0, UdpSocketOptions.defaults()))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either a local host or an address family must be given")
                .hasMessageContaining("UdpSocketOptions.defaults().family(...)");
        assertNullSays(
                () -> Net.createUdpSocket("127.0.0.1", 0, null), "UdpSocketOptions.defaults()");
        assertNullSays(
                () -> Net.createConnectedUdpSocket(null, 53, "127.0.0.1", 0),
                "remoteHost is null",
                "\"localhost\"");
        assertNullSays(
                () -> Net.createConnectedUdpSocket("127.0.0.1", 53, null, 0, null),
                "UdpSocketOptions.defaults()");
        InetSocketAddress somewhere = new InetSocketAddress("127.0.0.1", 9);
        assertNullSays(() -> new Datagram(null, somewhere), "pass new byte[0]");
        assertNullSays(() -> new Datagram(new byte[0], null), "Net.createConnectedUdpSocket");
        try (UdpSocket udp = Net.createUdpSocket("127.0.0.1", 0)) {
            assertNullSays(() -> udp.sendTo(null, "127.0.0.1", 9), "pass new byte[0]");
            assertNullSays(() -> udp.sendTo(new byte[0], null, 9), "host is null");
            Datagram unresolved =
                    new Datagram(new byte[0], InetSocketAddress.createUnresolved("example", 9));
            assertThatThrownBy(() -> udp.send(unresolved))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is unresolved")
                    .hasMessageContaining("sendTo(data, host, port)");
        }
        // A connected socket's null local host is the remote family's wildcard (as the
        // five-argument form always took it); it used to be an NPE.
        try (UdpSocket server = Net.createUdpSocket("127.0.0.1", 0);
                ConnectedUdpSocket client =
                        Net.createConnectedUdpSocket(
                                "127.0.0.1", server.localAddress().getPort(), null, 0)) {
            assertThat(client.extra(io.weft.net.SocketAttribute.LOCAL_ADDRESS)).isNotNull();
        }
    }

    @WeftTest
    void tlsSaysWhatContextToPass() throws Exception {
        ByteStream transport = MemoryByteStream.pair(16).first();
        assertNullSays(
                () -> TlsStream.wrap(transport, (SSLContext) null, false, "localhost", true),
                "pass SSLContext.getDefault()");
        assertNullSays(
                () -> TlsStream.wrap(transport, (SSLContext) null, true, null, true),
                "a TLS server needs an SSLContext holding its key and certificate");
        assertNullSays(() -> new TlsStream.Unwrapped(transport, null), "pass new byte[0]");
        assertNullSays(
                () -> new TlsConnectable(() -> transport, null, "localhost"),
                "pass SSLContext.getDefault()");
        assertNullSays(
                () -> new TlsListener(nothing(), (SSLContext) null),
                "a TLS server needs an SSLContext holding its key");
        SSLContext context = SSLContext.getDefault();
        assertNullSays(
                () ->
                        new TlsListener(
                                nothing(), context, true, null, TlsListener::handleHandshakeError),
                "handshakeTimeout is null: pass TlsListener.DEFAULT_HANDSHAKE_TIMEOUT");
        assertNullSays(
                () -> new TlsListener(nothing(), context, true, Duration.ofSeconds(1), null),
                "pass TlsListener::handleHandshakeError");
    }

    @WeftTest
    void streamsSaySendOptionalEmptyAndNameADelimiter() {
        MemoryObjectStream<String> items = MemoryObjectStream.create(1);
        assertNullSays(() -> items.sendStream().send(null), "item is null", "Optional.empty()");
        assertNullSays(() -> items.sendStream().sendNowait(null), "Optional.empty()");
        var buffered = new BufferedByteStream(MemoryByteStream.pair(16).first());
        assertNullSays(
                () -> buffered.receiveUntil(null, 10),
                "delimiter is null",
                "getBytes(US_ASCII)",
                "receive()");
    }

    @WeftTest
    void syncSaysWhatToPass() {
        assertNullSays(() -> new Condition(null), "use new Condition()");
        CapacityLimiter limiter = new CapacityLimiter(1);
        assertNullSays(() -> limiter.acquireOnBehalfOf(null), "borrower is null", "acquire()");
        assertNullSays(() -> limiter.acquireOnBehalfOfNowait(null), "borrower is null");
        assertNullSays(() -> limiter.releaseOnBehalfOf(null), "borrower is null");
    }

    @WeftTest
    void threadSaysWhatToPassAndANullLimiterIsTheDefault() {
        assertNullSays(
                () -> ToThread.runSync((ToThreadOptions) null, () -> 1),
                "pass ToThreadOptions.defaults()");
        assertNullSays(
                () -> FromThread.run((RuntimeToken) null, () -> 1),
                "token is null",
                "Weft.currentToken()");
        assertNullSays(() -> BlockingPortal.start(null), "pass RunOptions.defaults()");
        assertNullSays(() -> BlockingPortal.start(RunOptions.defaults(), null), "\"weft-portal\"");
        assertNullSays(() -> new BlockingPortalProvider(null), "pass RunOptions.defaults()");
        assertNullSays(
                () -> new BlockingPortalProvider(RunOptions.defaults(), null), "\"weft-portal\"");
        // A null limiter is the default one, as the options' own null already meant.
        ToThreadOptions options =
                ToThreadOptions.defaults().limiter(new CapacityLimiter(1)).limiter(null);
        assertThat(options.limiter()).isNull();
        assertThat(ToThread.runSync(options, () -> 7)).isEqualTo(7);
    }

    @WeftTest
    void pathsSayWhatToPassAndANullLimiterIsTheDefault() throws Exception {
        AsyncPath p = AsyncPath.of("/nonexistent-weft-dir");
        assertNullSays(() -> AsyncPath.of((String) null), "first is null", "\".\"");
        assertNullSays(() -> AsyncPath.of((java.nio.file.Path) null), "Path.of(\".\")");
        assertNullSays(() -> p.resolve((String) null), "other is null", "\"\"");
        assertNullSays(() -> p.withSuffix(null), "pass \"\" to remove the suffix");
        assertNullSays(() -> p.readText(null), "pass StandardCharsets.UTF_8");
        assertNullSays(() -> p.writeText(null), "pass \"\" for an empty file");
        assertNullSays(() -> p.writeBytes(null), "pass new byte[0]");
        assertNullSays(() -> p.chmod((String) null), "\"rw-r--r--\"");
        assertNullSays(
                () -> p.chmod((java.util.Set<java.nio.file.attribute.PosixFilePermission>) null),
                "pass an empty set");
        assertNullSays(() -> p.glob(null), "pass \"*\" for every entry");
        assertNullSays(() -> p.rglob(null), "pass \"*\" for every entry");
        // A null limiter is the default one, as for ToThreadOptions.
        assertThat(p.withLimiter(new CapacityLimiter(1)).withLimiter(null).limiter()).isNull();
        assertThat(p.withLimiter(null).exists()).isFalse();
    }

    @WeftTest
    void processesSayWhatToPass() throws Exception {
        assertNullSays(
                () -> Processes.run(List.of("true"), null),
                "options is null: pass ProcessOptions.defaults()");
        assertNullSays(
                () -> Processes.open(List.of("true"), null), "pass ProcessOptions.defaults()");
        assertNullSays(() -> Processes.runShell("true", null), "pass ProcessOptions.defaults()");
        assertNullSays(() -> Processes.openShell("true", null), "pass ProcessOptions.defaults()");
        assertNullSays(() -> Processes.run(null), "command is null", "List.of(program, args...)");
        assertNullSays(() -> Processes.open(null), "List.of(program, args...)");
        assertNullSays(() -> Processes.runShell(null), "pass a shell command line");
        assertNullSays(() -> Processes.openShell(null), "pass a shell command line");
        ProcessOptions o = ProcessOptions.defaults();
        assertNullSays(() -> o.input(null), "pass new byte[0]");
        assertNullSays(() -> o.stdin(null), "Redirect.PIPE, INHERIT or DISCARD");
        assertNullSays(() -> o.stdout(null), "stdout redirect is null", "Redirect.PIPE");
        assertNullSays(() -> o.stderr(null), "stderr redirect is null", "Redirect.PIPE");
        assertNullSays(() -> o.cwd(null), "leave it unset");
        assertNullSays(() -> o.env(null), "pass Map.of() for an empty environment");
        assertNullSays(() -> o.extendEnv(null), "vars is null");
        try (WeftProcess p =
                Processes.open(List.of("true"), o.stdin(Redirect.PIPE).stderr(Redirect.DISCARD))) {
            assertNullSays(() -> p.sendSignal((String) null), "pass a name such as \"HUP\"");
            assertNullSays(() -> p.stdin().send((byte[]) null), "pass the bytes to send");
            p.waitFor();
        }
    }

    @Test
    void runOptionsTakeANullForTheirDefaultOrSayWhatToPass() {
        RunOptions serial = RunOptions.defaults().backend(Backend.SERIAL);
        assertThat(serial.rootTaskName("x").rootTaskName(null).rootTaskName()).isNull();
        assertThat(serial.trace(new ScheduleTrace()).trace(null).trace()).isNull();
        // a trace set and taken back is no SERIAL-only option any more
        assertThat(Weft.run(RunOptions.defaults().trace(new ScheduleTrace()).trace(null), () -> 1))
                .isEqualTo(1);
        assertNullSays(() -> serial.stallWarning(null), "RunOptions.DEFAULT_STALL_WARNING");
        assertNullSays(
                () -> serial.threadIdleTimeout(null), "RunOptions.DEFAULT_THREAD_IDLE_TIMEOUT");
    }

    /** A listener with nothing to accept, for the TLS listener's constructors. */
    private static Listener<ByteStream> nothing() {
        return new Listener<>() {
            @Override
            public void serve(Handler<? super ByteStream> handler, TaskGroup taskGroup) {}

            @Override
            public void close() {}

            @Override
            public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
                return Map.of();
            }
        };
    }
}
