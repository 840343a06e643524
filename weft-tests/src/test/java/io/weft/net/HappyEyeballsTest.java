package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Cancelled;
import io.weft.ConnectionFailed;
import io.weft.Weft;
import io.weft.internal.net.HappyEyeballs;
import io.weft.junit.WeftTest;
import io.weft.sync.CapacityLimiter;
import io.weft.sync.Held;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Happy Eyeballs on virtual time: attempts start a delay apart or at once after a failure, the
 * first success wins, the others are cancelled or closed; and connectTcp's local binding.
 */
class HappyEyeballsTest {
    private static final Duration DELAY = Duration.ofMillis(250);

    /** A connection that records its closing. */
    record Conn(String address, ConcurrentLinkedQueue<String> log) implements AutoCloseable {
        @Override
        public void close() {
            log.add("closed " + address);
        }
    }

    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void aHangingAttemptLetsTheNextStartAfterTheDelayAndIsCancelledWhenItWins() throws IOException {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        long start = Weft.now();
        Conn c =
                HappyEyeballs.race(
                        List.of("a", "b"),
                        DELAY,
                        a -> {
                            log.add("start " + a + " at " + (Weft.now() - start) / 1_000_000);
                            if (a.equals("a")) {
                                try {
                                    Weft.sleepForever();
                                } catch (Cancelled e) {
                                    log.add("cancelled a");
                                    throw e;
                                }
                            }
                            return new Conn(a, log);
                        },
                        "test");
        assertThat(c.address()).isEqualTo("b");
        assertThat(log).containsExactly("start a at 0", "start b at 250", "cancelled a");
    }

    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void aFailedAttemptStartsTheNextAtOnce() throws IOException {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        long start = Weft.now();
        Conn c =
                HappyEyeballs.race(
                        List.of("a", "b"),
                        DELAY,
                        a -> {
                            log.add("start " + a + " at " + (Weft.now() - start) / 1_000_000);
                            if (a.equals("a")) {
                                throw new ConnectException("refused");
                            }
                            return new Conn(a, log);
                        },
                        "test");
        assertThat(c.address()).isEqualTo("b");
        assertThat(log).containsExactly("start a at 0", "start b at 0");
    }

    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void whenEveryAttemptFailsTheirErrorsComeInOrder() {
        assertThatThrownBy(() ->
                        HappyEyeballs.race(
                                List.of("a", "b", "c"),
                                DELAY,
                                a -> {
                                    throw new ConnectException("refused " + a);
                                },
                                "host:1"))
                .isInstanceOf(ConnectionFailed.class)
                .hasMessageContaining("all connection attempts to host:1 failed")
                .satisfies(e ->
                        assertThat(((ConnectionFailed) e).attempts())
                                .extracting(Throwable::getMessage)
                                .containsExactly("refused a", "refused b", "refused c"));
    }

    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void aSecondSuccessIsClosed() throws IOException {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        Conn c =
                HappyEyeballs.race(
                        List.of("a", "b"),
                        DELAY,
                        a -> {
                            if (a.equals("a")) {
                                // Succeeds only after "b" has started, and cannot be cancelled
                                // before it returns (a shielded sleep).
                                Weft.moveOnAfterShielded(
                                        Duration.ofMillis(300), s -> Weft.sleepForever());
                            }
                            return new Conn(a, log);
                        },
                        "test");
        // "b" starts at 250 and wins at once; "a" (shielded) returns at 300 and is closed.
        assertThat(c.address()).isEqualTo("b");
        assertThat(log).containsExactly("closed a");
    }

    @WeftTest
    void connectTcpBindsTheLocalAddressItIsGiven() throws IOException {
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0);
                SocketStream s =
                        Net.connectTcp(
                                "127.0.0.1",
                                listener.localAddress().getPort(),
                                TcpConnectOptions.defaults()
                                        .happyEyeballsDelay(Duration.ofMillis(10))
                                        .localAddress("127.0.0.1", 0))) {
            assertThat(s.extra(SocketAttribute.LOCAL_PORT)).isPositive();
            try (SocketStream accepted = listener.accept()) {
                assertThat(accepted.extra(SocketAttribute.REMOTE_PORT))
                        .isEqualTo(s.extra(SocketAttribute.LOCAL_PORT));
            }
        }
        assertThatThrownBy(() ->
                        TcpConnectOptions.defaults().happyEyeballsDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @WeftTest
    void aSingleAddressIsTriedInTheCallerAndItsFailureIsAConnectionFailed() throws IOException {
        ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
        Thread caller = Thread.currentThread();
        Conn c =
                HappyEyeballs.race(
                        List.of("only"),
                        DELAY,
                        a -> {
                            log.add(Thread.currentThread() == caller ? "in caller" : "in a task");
                            return new Conn(a, log);
                        },
                        "test");
        assertThat(c.address()).isEqualTo("only");
        assertThat(log).containsExactly("in caller");
        ConnectException refused = new ConnectException("refused");
        assertThatThrownBy(() ->
                        HappyEyeballs.race(
                                List.of("only"),
                                DELAY,
                                a -> {
                                    throw refused;
                                },
                                "test"))
                .isInstanceOf(ConnectionFailed.class)
                .satisfies(e ->
                        assertThat(((ConnectionFailed) e).attempts()).containsExactly(refused));
    }

    @WeftTest
    void anIpLiteralIsNotResolvedInAWorkerThread() throws IOException {
        // Every worker token is taken: a connect that needed the resolver would wait forever.
        CapacityLimiter workers = ToThread.currentDefaultThreadLimiter();
        workers.totalTokens(1);
        Held taken = workers.acquire();
        try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0);
                SocketStream s = Net.connectTcp("127.0.0.1", listener.localAddress().getPort());
                SocketStream accepted = listener.accept()) {
            assertThat(workers.borrowedTokens()).isEqualTo(1);
            assertThat(accepted.extra(SocketAttribute.REMOTE_PORT))
                    .isEqualTo(s.extra(SocketAttribute.LOCAL_PORT));
        } finally {
            taken.close();
        }
    }
}
