package io.weft.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.NoRuntimeError;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.signal.SignalHub;
import io.weft.junit.WeftTest;
import io.weft.process.CompletedProcess;
import io.weft.process.Processes;
import io.weft.sync.Event;
import io.weft.testing.Checkpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Signals#open} and {@link SignalReceiver}, on every backend, with real signals sent to this
 * JVM by {@code kill}.
 *
 * <p>Ported from AnyIO's {@code tests/test_signals.py}, all three of its tests: {@code
 * test_receive_signals} (as {@link #receivesTheSignalsSentToTheJvm}, with {@code USR1} and {@code
 * HUP} instead of {@code USR1} and {@code USR2}: {@code USR2} is the JVM's thread suspend/resume
 * signal on Linux, so the tests never take it over; its {@code fail_after(1)} is
 * {@code @WeftTest}'s per-test deadline), {@code test_task_group_cancellation_open} and {@code
 * test_task_group_cancellation_consume}. Not ported: nothing (AnyIO's skip on Windows has no
 * counterpart). Weft's own: repeats queued ({@code kill -HUP} twice), a waiting receive woken, two
 * receivers, the previous handler (one of the test's own, and the JVM's {@code INT}/{@code TERM})
 * restored, a handler installed while open kept, no signal lost to a cancelled receive, receive as
 * a checkpoint, names in every spelling, bad and reserved names, a {@code HUP} that {@code nohup}
 * made the JVM ignore (opens, never received), no runtime, use after close and close under a
 * waiting receive.
 *
 * <p>Only {@code HUP} and {@code USR1} are sent, and only while a receiver of them (or a handler of
 * the test's own) is installed: the JVM's default {@code HUP} handler would end the test JVM, and
 * {@code USR1}'s default action kills the process. A test JVM started with {@code HUP} ignored (the
 * build run under {@code nohup}) never receives it, so the class is skipped there.
 *
 * <p><b>Determinism.</b> The JVM runs each signal's handler on a new thread, so {@code kill}
 * returning does not mean the signal reached the receiver. Where a test needs a signal to have
 * arrived before it goes on, a second "witness" receiver, opened after the one under test, receives
 * it: the hub passes a signal to receivers in the order they opened, so once the witness has it,
 * the receiver under test has it too.
 */
class SignalsTest {
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @BeforeAll
    static void hupIsNotIgnored() {
        assumeFalse(
                JvmHandlers.describe("HUP").equals("SIG_IGN"),
                "this JVM started with SIGHUP ignored (under nohup?), so it never receives HUP");
    }

    private static void kill(String signal) throws IOException {
        Processes.run(List.of("kill", "-" + signal, PID));
    }

    // AnyIO: test_signals.py::test_receive_signals
    @WeftTest
    void receivesTheSignalsSentToTheJvm() throws IOException {
        try (SignalReceiver signals = Signals.open("USR1", "HUP");
                SignalReceiver witness = Signals.open("USR1", "HUP")) {
            kill("USR1");
            assertThat(witness.receive()).isEqualTo("USR1");
            kill("HUP");
            assertThat(witness.receive()).isEqualTo("HUP");
            // AnyIO's fail_after(1) around these is @WeftTest's per-test deadline here.
            assertThat(signals.receive()).isEqualTo("USR1");
            assertThat(signals.receive()).isEqualTo("HUP");
        }
    }

    @WeftTest
    void hupSentTwiceIsReceivedTwice() throws IOException {
        try (SignalReceiver signals = Signals.open("HUP");
                SignalReceiver witness = Signals.open("HUP")) {
            kill("HUP");
            assertThat(witness.receive()).isEqualTo("HUP");
            kill("HUP");
            assertThat(witness.receive()).isEqualTo("HUP");
            // Both queued while nobody received: repeats are not coalesced.
            assertThat(signals.receive()).isEqualTo("HUP");
            assertThat(signals.receive()).isEqualTo("HUP");
        }
    }

    @WeftTest
    void aWaitingReceiveIsWokenBySignalsSentLater() throws IOException {
        try (SignalReceiver signals = Signals.open("HUP")) {
            List<String> got = new CopyOnWriteArrayList<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    got.add(signals.receive());
                    got.add(signals.receive());
                });
                for (int i = 0; i < 2; i++) {
                    Weft.waitAllTasksBlocked(); // the receiver is parked in receive()
                    kill("HUP");
                }
            });
            assertThat(got).containsExactly("HUP", "HUP");
        }
    }

    @WeftTest
    void twoReceiversOpenAtOnceBothReceive() throws IOException {
        SignalReceiver first = Signals.open("HUP");
        try (SignalReceiver second = Signals.open("sighup")) {
            try (first) {
                kill("HUP");
                assertThat(first.receive()).isEqualTo("HUP");
                assertThat(second.receive()).isEqualTo("HUP");
                assertThat(SignalHub.receivers("HUP")).isEqualTo(2);
            }
            // The first one closed: the handler stays installed for the second.
            assertThat(SignalHub.receivers("HUP")).isEqualTo(1);
            kill("HUP");
            assertThat(second.receive()).isEqualTo("HUP");
        }
        assertThat(SignalHub.receivers("HUP")).isZero();
    }

    @WeftTest
    void closeRestoresTheHandlerInstalledBefore() throws IOException {
        Event ownHandlerRan = new Event();
        Object jvms = JvmHandlers.install("HUP", ownHandlerRan::set);
        try {
            try (SignalReceiver signals = Signals.open("HUP")) {
                kill("HUP");
                assertThat(signals.receive()).isEqualTo("HUP");
            }
            kill("HUP");
            ownHandlerRan.await(); // the handler of our own got the signal sent after close
        } finally {
            JvmHandlers.set("HUP", jvms);
        }
    }

    @WeftTest
    void closeRestoresTheJvmsOwnIntAndTermHandlers() {
        String intBefore = JvmHandlers.describe("INT");
        String termBefore = JvmHandlers.describe("TERM");
        assertThat(termBefore).startsWith("java.lang.Terminator");
        try (SignalReceiver signals = Signals.open("INT", "TERM")) {
            assertThat(JvmHandlers.describe("TERM")).isNotEqualTo(termBefore);
            assertThat(signals.signals()).containsExactly("INT", "TERM");
        }
        assertThat(JvmHandlers.describe("INT")).isEqualTo(intBefore);
        assertThat(JvmHandlers.describe("TERM")).isEqualTo(termBefore);
    }

    @WeftTest
    void aHandlerOtherCodeInstalledWhileOpenIsKeptOnClose() throws IOException {
        Object jvms = JvmHandlers.current("HUP");
        Event theirsRan = new Event();
        try {
            try (SignalReceiver signals = Signals.open("HUP")) {
                JvmHandlers.install("HUP", theirsRan::set); // replaces Weft's
                assertThat(signals.isClosed()).isFalse();
            }
            // Closing did not put the JVM's handler back over theirs (which would end this JVM).
            kill("HUP");
            theirsRan.await();
        } finally {
            JvmHandlers.set("HUP", jvms);
        }
    }

    // AnyIO: test_signals.py::test_task_group_cancellation_open
    @WeftTest
    void aTaskCancelledWhileIteratingAReceiverItOpenedIsCancelled() {
        AtomicReference<Throwable> ended = new AtomicReference<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try (SignalReceiver signals = Signals.open("USR1")) {
                    for (String ignored : signals) {
                        throw new AssertionError("USR1 should not be sent");
                    }
                    throw new AssertionError("the loop should have been cancelled");
                } catch (Cancelled c) {
                    ended.set(c);
                    throw c;
                }
            });
            tg.cancelScope().cancel();
        });
        assertThat(ended.get()).isInstanceOf(Cancelled.class);
        assertThat(SignalHub.receivers("USR1")).isZero();
    }

    // AnyIO: test_signals.py::test_task_group_cancellation_consume
    @WeftTest
    void aTaskCancelledWhileConsumingAnotherTasksReceiverIsCancelled() {
        try (SignalReceiver signals = Signals.open("USR1")) {
            AtomicReference<Throwable> ended = new AtomicReference<>();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try {
                        for (String ignored : signals) {
                            throw new AssertionError("USR1 should not be sent");
                        }
                        throw new AssertionError("consume should have been cancelled");
                    } catch (Cancelled c) {
                        ended.set(c);
                        throw c;
                    }
                });
                tg.cancelScope().cancel();
            });
            assertThat(ended.get()).isInstanceOf(Cancelled.class);
            assertThat(signals.isClosed()).isFalse();
        }
    }

    @WeftTest
    void aReceiveCancelledWhileWaitingLosesNoSignal() throws IOException {
        try (SignalReceiver signals = Signals.open("HUP")) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    signals.receive();
                    throw new AssertionError("no signal was sent yet");
                });
                Weft.waitAllTasksBlocked();
                tg.cancelScope().cancel();
            });
            kill("HUP");
            assertThat(signals.receive()).isEqualTo("HUP");
        }
    }

    /**
     * A receive cancelled while a signal is being handed to it, over many rounds: every signal sent
     * is received exactly once in all, by the receive it raced with or by a later one. The
     * cancelling task runs a varying number of checkpoints first, so the cancellation lands before,
     * during or after the hand-over (on SERIAL, at a point chosen by the seed). A lost signal would
     * leave the final drain waiting for ever (the per-test deadline fails it); a signal received
     * twice would make the count too high.
     */
    @WeftTest
    void aReceiveCancelledAsTheSignalArrivesLosesItToNobody() throws IOException {
        cancelReceivesAsSignalsArrive();
    }

    /** As {@link #aReceiveCancelledAsTheSignalArrivesLosesItToNobody}, on ten SERIAL seeds. */
    @WeftTest(seeds = 10)
    void aReceiveCancelledAsTheSignalArrivesLosesItToNobodyUnderSeeds() throws IOException {
        cancelReceivesAsSignalsArrive();
    }

    private static void cancelReceivesAsSignalsArrive() throws IOException {
        int rounds = 8;
        AtomicInteger received = new AtomicInteger();
        try (SignalReceiver signals = Signals.open("HUP", "USR1");
                SignalReceiver witness = Signals.open("HUP")) {
            for (int i = 0; i < rounds; i++) {
                int checkpoints = i;
                CancelScope scope = new CancelScope();
                TaskGroup.run(tg -> {
                    tg.startSoon(() ->
                            scope.run(() -> {
                                String sig = signals.receive();
                                assertThat(sig).isEqualTo("HUP");
                                received.incrementAndGet();
                            }));
                    tg.startSoon(() -> kill("HUP"));
                    tg.startSoon(() -> {
                        for (int c = 0; c < checkpoints; c++) {
                            Weft.checkpoint();
                        }
                        scope.cancel();
                    });
                    witness.receive(); // this round's HUP has reached `signals` too
                });
            }
            // Drain: USR1 is a marker sent after every HUP had arrived, so everything before it
            // is a HUP that no cancelled receive took.
            kill("USR1");
            for (String sig; !(sig = signals.receive()).equals("USR1"); ) {
                assertThat(sig).isEqualTo("HUP");
                received.incrementAndGet();
            }
        }
        assertThat(received).hasValue(rounds);
    }

    @WeftTest
    void aReceiveInACancelledScopeLeavesTheQueuedSignal() throws IOException {
        try (SignalReceiver signals = Signals.open("HUP");
                SignalReceiver witness = Signals.open("HUP")) {
            kill("HUP");
            witness.receive(); // now queued in signals too
            CancelScope scope = new CancelScope();
            scope.run(s -> {
                s.cancel();
                signals.receive();
                throw new AssertionError("receive() is a checkpoint");
            });
            assertThat(scope.cancelledCaught()).isTrue();
            assertThat(signals.receive()).isEqualTo("HUP");
        }
    }

    @WeftTest
    void receiveIsACheckpointEvenWithASignalQueued() throws IOException {
        try (SignalReceiver signals = Signals.open("HUP");
                SignalReceiver witness = Signals.open("HUP")) {
            kill("HUP");
            witness.receive();
            Checkpoints.assertCheckpoints(() -> assertThat(signals.receive()).isEqualTo("HUP"));
        }
    }

    @WeftTest
    void namesAreAcceptedWithOrWithoutSigInAnyCase() {
        try (SignalReceiver signals = Signals.open("hup", "SIGUSR1", "sigHup", " usr1 ")) {
            assertThat(signals.signals()).containsExactly("HUP", "USR1");
        }
    }

    @WeftTest
    void badNamesAreRefusedNamingTheSignalAndChangeNothing() {
        String hupBefore = JvmHandlers.describe("HUP");
        assertThatThrownBy(() -> Signals.open("HUP", "NOSUCHSIGNAL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NOSUCHSIGNAL");
        for (String reserved : List.of("QUIT", "KILL", "STOP", "SEGV")) {
            assertThatThrownBy(() -> Signals.open("HUP", reserved))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SIG" + reserved);
        }
        assertThatThrownBy(Signals::open)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> Signals.open("HUP", null))
                .isInstanceOf(NullPointerException.class);
        assertThat(SignalHub.receivers("HUP")).isZero();
        assertThat(JvmHandlers.describe("HUP")).isEqualTo(hupBefore);
    }

    @Test
    void openOutsideARuntimeThrowsNoRuntimeError() {
        String hupBefore = JvmHandlers.describe("HUP");
        assertThatThrownBy(() -> Signals.open("HUP")).isInstanceOf(NoRuntimeError.class);
        assertThat(JvmHandlers.describe("HUP")).isEqualTo(hupBefore);
    }

    @Test
    void receiveOutsideARuntimeThrowsNoRuntimeError() {
        AtomicReference<SignalReceiver> leaked = new AtomicReference<>();
        Weft.run(() -> leaked.set(Signals.open("HUP")));
        try (SignalReceiver signals = leaked.get()) {
            assertThatThrownBy(signals::receive).isInstanceOf(NoRuntimeError.class);
        }
    }

    @WeftTest
    void useAfterCloseThrowsClosedResourceError() {
        SignalReceiver signals = Signals.open("HUP");
        signals.close();
        signals.close(); // idempotent
        assertThat(signals.isClosed()).isTrue();
        assertThatThrownBy(signals::receive).isInstanceOf(ClosedResourceError.class);
        assertThat(signals.iterator().hasNext()).isFalse();
    }

    @WeftTest
    void closingEndsAWaitingReceiveAndAnIteration() {
        SignalReceiver signals = Signals.open("HUP");
        AtomicReference<Throwable> receiveEnded = new AtomicReference<>();
        List<String> iterated = new ArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    signals.receive();
                } catch (ClosedResourceError e) {
                    receiveEnded.set(e);
                }
            });
            tg.startSoon(() -> {
                for (String sig : signals) {
                    iterated.add(sig);
                }
            });
            Weft.waitAllTasksBlocked();
            signals.close();
        });
        assertThat(receiveEnded.get()).isInstanceOf(ClosedResourceError.class);
        assertThat(iterated).isEmpty();
        assertThat(SignalHub.receivers("HUP")).isZero();
    }

    @WeftTest
    void aHupIgnoredSinceTheJvmStartedUnderNohupStaysIgnored() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        CompletedProcess r =
                Processes.run(
                        List.of(
                                "nohup",
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                NohupMain.class.getName()));
        assertThat(r.stdoutText().lines()).containsExactly("opened", "received USR1");
    }

    /**
     * Run by nohup, so SIGHUP is ignored from the JVM's start: opens a receiver of HUP and USR1,
     * sends itself HUP, then USR1, and prints what it receives first. The kernel discards the
     * ignored HUP at once, so USR1 comes first however the JVM's handler threads are ordered.
     */
    static final class NohupMain {
        private NohupMain() {}

        /** Prints "opened", then the first signal received. */
        public static void main(String[] args) throws IOException {
            Weft.run(() -> {
                try (SignalReceiver r = Signals.open("HUP", "USR1")) {
                    System.out.println("opened");
                    kill("HUP");
                    kill("USR1");
                    System.out.println("received " + r.receive());
                }
            });
        }
    }
}
