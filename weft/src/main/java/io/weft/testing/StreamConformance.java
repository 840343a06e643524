package io.weft.testing;

import static io.weft.testing.ConformanceChecks.expectThrows;

import io.weft.BrokenResourceError;
import io.weft.BusyResourceError;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.ByteReceiveStream;
import io.weft.stream.ByteSendStream;
import io.weft.stream.ByteStream;
import io.weft.testing.ConformanceChecks.Body;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A conformance kit for byte streams, yours included (Trio's {@code check_one_way_stream}, {@code
 * check_two_way_stream} and {@code check_half_closeable_stream}, with AnyIO's rules): hand it a
 * factory of connected pairs and it checks sending and receiving, checkpoints, argument checks,
 * concurrent use ({@link BusyResourceError}), closing either side ({@link ClosedResourceError},
 * {@link BrokenResourceError}, {@link EndOfStream}), closing while another task is blocked,
 * forceful and cancelled closes, cancellation of sends and receives, a 1 MiB duplex transfer in
 * random chunks, and half-closing.
 *
 * <pre>{@code
 * @WeftTest
 * void myStreamConforms() throws Exception {
 *     StreamConformance.checkByteStream(() -> MyStream.connectedPair(), null);
 * }
 * }</pre>
 *
 * <p>Call it from a Weft task. A factory returns a new connected pair on each call; for a one-way
 * pair the first end sends and the second receives. The optional <em>clogged</em> factory returns
 * pairs whose sends wait until the peer receives (no buffer), which lets the kit check what happens
 * to blocked sends. Each failed check throws an {@link AssertionError} naming it.
 */
public final class StreamConformance {
    /**
     * Makes a new connected pair of stream ends.
     *
     * @param <A> the first end's type
     * @param <B> the second end's type
     */
    @FunctionalInterface
    public interface Factory<A extends AutoCloseable, B extends AutoCloseable> {
        /** A new connected pair. */
        StreamPair<A, B> make() throws Exception;
    }

    private StreamConformance() {}

    /**
     * Checks a one-way byte stream: {@code factory} makes (sender, receiver) pairs.
     *
     * @param factory makes a new connected (sender, receiver) pair on each call
     * @param clogged a factory of pairs whose sends block until the peer receives, or null to skip
     *     the checks of blocked and concurrent sends
     */
    public static <A extends ByteSendStream, B extends ByteReceiveStream>
            void checkOneWayByteStream(Factory<A, B> factory, Factory<A, B> clogged)
                    throws Exception {
        basics(factory);
        sendThenCloseDeliversTheDataThenTheEnd(factory);
        forcefulCloses(factory);
        cancelledClosesStillClose(factory);
        cancelledCallsThenGracefulClose(factory);
        closingWakesABlockedReceive(factory);
        if (clogged != null) {
            closingWakesABlockedSend(clogged);
            concurrentSendsAreBusy(clogged);
        }
    }

    /**
     * Checks a two-way byte stream with half-close: everything {@link #checkOneWayByteStream}
     * checks, in both directions, plus a duplex transfer and {@code sendEof}.
     *
     * @param factory makes a new connected pair on each call
     * @param clogged a factory of pairs whose sends block until the peer receives, or null to skip
     *     the checks of blocked and concurrent sends
     */
    public static <A extends ByteStream, B extends ByteStream> void checkByteStream(
            Factory<A, B> factory, Factory<A, B> clogged) throws Exception {
        checkOneWayByteStream(factory, clogged);
        checkOneWayByteStream(flip(factory), clogged == null ? null : flip(clogged));
        duplex(factory);
        halfClose(factory);
    }

    // ---------------------------------------------------------------- checks

    private static void basics(Factory<? extends ByteSendStream, ? extends ByteReceiveStream> f)
            throws Exception {
        var p = f.make();
        ByteSendStream s = p.first();
        ByteReceiveStream r = p.second();
        try {
            check("send and receive one byte", () -> transfer(s, r, bytes("x")));
            check(
                    "an empty send means nothing",
                    () ->
                            TaskGroup.run(tg -> {
                                tg.startSoon(() -> {
                                    Checkpoints.assertCheckpoints(() -> s.send(new byte[0]));
                                    s.send(bytes("y"));
                                });
                                expect(r.receive(1), "y");
                            }));
            check(
                    "receive(0) and receive(-1) are rejected",
                    () -> {
                        expectThrows(IllegalArgumentException.class, () -> r.receive(0));
                        expectThrows(IllegalArgumentException.class, () -> r.receive(-1));
                    });
            check(
                    "two tasks receiving at once: BusyResourceError",
                    () -> {
                        // The refused receive ends at once and the other is given a byte,
                        // rather than cancelled (a file read is not cancellable once started).
                        // If neither was refused, both get one: the check fails, not hangs.
                        AtomicReference<Throwable> busy = new AtomicReference<>();
                        TaskGroup.run(tg -> {
                            for (int i = 0; i < 2; i++) {
                                tg.startSoon(() -> {
                                    try {
                                        expect(r.receive(1), "z");
                                    } catch (BusyResourceError e) {
                                        busy.set(e);
                                    }
                                });
                            }
                            Weft.waitAllTasksBlocked();
                            s.send(bytes(busy.get() != null ? "z" : "zz"));
                        });
                        if (busy.get() == null) {
                            throw new AssertionError("no BusyResourceError");
                        }
                    });
            check(
                    "closing the receiver breaks the sender, for good",
                    () -> {
                        TaskGroup.run(tg -> {
                            tg.startSoon(() ->
                                    expectThrows(
                                            BrokenResourceError.class,
                                            () -> {
                                                for (; ; ) {
                                                    s.send(new byte[100]);
                                                }
                                            }));
                            r.close(); // close() need not be a checkpoint (AnyIO: a memory
                            // stream's is not)
                        });
                        expectThrows(BrokenResourceError.class, () -> s.send(new byte[100]));
                    });
            check(
                    "receiving from a closed receiver: ClosedResourceError",
                    () -> expectThrows(ClosedResourceError.class, () -> r.receive(4096)));
            check(
                    "closing twice is fine",
                    () -> {
                        r.close();
                        r.close();
                    });
            check(
                    "sending on a closed sender: ClosedResourceError, even empty",
                    () -> {
                        s.close();
                        expectThrows(ClosedResourceError.class, () -> s.send(new byte[100]));
                        expectThrows(ClosedResourceError.class, () -> s.send(new byte[0]));
                        s.close();
                    });
        } finally {
            closeBoth(s, r);
        }
    }

    private static void sendThenCloseDeliversTheDataThenTheEnd(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> f) throws Exception {
        var p = f.make();
        check(
                "data sent before a graceful close is received, then EndOfStream",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                p.first().send(bytes("y"));
                                p.first().close();
                            });
                            Weft.waitAllTasksBlocked();
                            expect(p.second().receive(1), "y");
                            expectThrows(EndOfStream.class, () -> p.second().receive(1));
                            p.second().close();
                        }));
        closeBoth(p.first(), p.second());
    }

    private static void forcefulCloses(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> f) throws Exception {
        var p = f.make();
        check(
                "after a forceful close of the receiver: Broken sends, Closed receives",
                () -> {
                    Weft.acloseForcefully(p.second());
                    expectThrows(
                            BrokenResourceError.class,
                            () -> {
                                for (; ; ) {
                                    p.first().send(new byte[100]);
                                }
                            });
                    expectThrows(ClosedResourceError.class, () -> p.second().receive(4096));
                });
        closeBoth(p.first(), p.second());
        var q = f.make();
        check(
                "after a forceful close of the sender: Closed sends; the end or Broken",
                () -> {
                    Weft.acloseForcefully(q.first());
                    expectThrows(ClosedResourceError.class, () -> q.first().send(bytes("123")));
                    try {
                        byte[] got = q.second().receive(1);
                        throw new AssertionError(
                                "received " + Arrays.toString(got) + " after the close");
                    } catch (EndOfStream | BrokenResourceError expected) {
                        // either is fine; data or a hang is not
                    }
                });
        closeBoth(q.first(), q.second());
    }

    private static void cancelledClosesStillClose(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> f) throws Exception {
        var p = f.make();
        check(
                "a close in a cancelled scope still closes",
                () -> {
                    CancelScope a = new CancelScope();
                    a.cancel();
                    a.run(x -> p.second().close());
                    CancelScope b = new CancelScope();
                    b.cancel();
                    b.run(x -> p.first().close());
                    expectThrows(ClosedResourceError.class, () -> p.first().send(bytes("123")));
                    expectThrows(ClosedResourceError.class, () -> p.second().receive(4096));
                });
    }

    private static void cancelledCallsThenGracefulClose(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> f) throws Exception {
        var p = f.make();
        check(
                "sends and receives in a cancelled scope throw Cancelled; closing still works",
                () -> {
                    CancelScope scope = new CancelScope();
                    scope.cancel();
                    scope.run(x ->
                            TaskGroup.run(tg -> {
                                tg.startSoon(() ->
                                        expectThrows(
                                                Cancelled.class, () -> p.first().send(bytes("x"))));
                                tg.startSoon(() ->
                                        expectThrows(Cancelled.class, () -> p.second().receive(1)));
                            }));
                    TaskGroup.run(tg -> {
                        tg.startSoon(p.first()::close);
                        tg.startSoon(p.second()::close);
                    });
                });
    }

    private static void closingWakesABlockedReceive(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> f) throws Exception {
        var p = f.make();
        check(
                "closing the receiver wakes a blocked receive with ClosedResourceError",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() ->
                                    expectThrows(
                                            ClosedResourceError.class,
                                            () -> p.second().receive(10)));
                            Weft.waitAllTasksBlocked();
                            Weft.acloseForcefully(p.second());
                        }));
        closeBoth(p.first(), p.second());
    }

    private static void closingWakesABlockedSend(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> clogged)
            throws Exception {
        var p = clogged.make();
        check(
                "closing the sender wakes a blocked send with ClosedResourceError",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                Weft.waitAllTasksBlocked();
                                Weft.acloseForcefully(p.first());
                            });
                            expectThrows(
                                    ClosedResourceError.class,
                                    () -> p.first().send(bytes("xyzzy")));
                        }));
        closeBoth(p.first(), p.second());
    }

    private static void concurrentSendsAreBusy(
            Factory<? extends ByteSendStream, ? extends ByteReceiveStream> clogged)
            throws Exception {
        var p = clogged.make();
        check(
                "two tasks sending at once: BusyResourceError",
                () -> {
                    AtomicReference<Throwable> busy = new AtomicReference<>();
                    CancelScope scope = new CancelScope();
                    scope.run(sc ->
                            TaskGroup.run(tg -> {
                                for (int i = 0; i < 2; i++) {
                                    tg.startSoon(() -> {
                                        try {
                                            p.first().send(bytes("123"));
                                        } catch (BusyResourceError e) {
                                            busy.set(e);
                                            sc.cancel();
                                        }
                                    });
                                }
                            }));
                    if (busy.get() == null) {
                        throw new AssertionError("no BusyResourceError");
                    }
                });
        closeBoth(p.first(), p.second());
    }

    private static void duplex(Factory<? extends ByteStream, ? extends ByteStream> f)
            throws Exception {
        var p = f.make();
        ByteStream s1 = p.first();
        ByteStream s2 = p.second();
        byte[] data = new byte[1 << 20];
        new SplittableRandom(0).nextBytes(data);
        byte[] reversed = data.clone();
        for (int i = 0; i < reversed.length / 2; i++) {
            byte t = reversed[i];
            reversed[i] = reversed[reversed.length - 1 - i];
            reversed[reversed.length - 1 - i] = t;
        }
        check(
                "1 MiB each way at once, in random chunks, arrives intact",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> sendAll(s1, data, 0));
                            tg.startSoon(() -> sendAll(s2, reversed, 1));
                            tg.startSoon(() -> receiveAll(s1, reversed, 2));
                            tg.startSoon(() -> receiveAll(s2, data, 3));
                        }));
        check(
                "closing one end: the other receives EndOfStream",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                expectThrows(EndOfStream.class, () -> s2.receive(10));
                                s2.close();
                            });
                            tg.startSoon(s1::close);
                        }));
    }

    private static void halfClose(Factory<? extends ByteStream, ? extends ByteStream> f)
            throws Exception {
        var p = f.make();
        ByteStream s1 = p.first();
        ByteStream s2 = p.second();
        try {
            check(
                    "send then sendEof: the peer receives the data, then EndOfStream",
                    () -> sendXThenEof(s1, s2));
            check(
                    "after sendEof, sending is a ClosedResourceError; sendEof again is fine",
                    () -> {
                        expectThrows(ClosedResourceError.class, () -> s1.send(bytes("y")));
                        s1.sendEof();
                    });
            check(
                    "after one side's sendEof the other direction still works",
                    () -> sendXThenEof(s2, s1));
        } finally {
            closeBoth(s1, s2);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static <A extends AutoCloseable, B extends AutoCloseable> Factory<B, A> flip(
            Factory<A, B> f) {
        return () -> f.make().flipped();
    }

    private static void sendXThenEof(ByteStream s, ByteStream r) {
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                s.send(bytes("x"));
                s.sendEof();
            });
            Weft.waitAllTasksBlocked();
            expect(r.receive(10), "x");
            expectThrows(EndOfStream.class, () -> r.receive(10));
        });
    }

    private static void transfer(ByteSendStream s, ByteReceiveStream r, byte[] data) {
        TaskGroup.run(tg -> {
            tg.startSoon(() -> Checkpoints.assertCheckpoints(() -> s.send(data)));
            Checkpoints.assertCheckpoints(() ->
                    expect(r.receive(data.length), new String(data, StandardCharsets.ISO_8859_1)));
        });
    }

    private static void sendAll(ByteSendStream s, byte[] data, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int at = 0; at < data.length; ) {
            int n = Math.min(data.length - at, random.nextInt(1, 1 << 14));
            s.send(Arrays.copyOfRange(data, at, at + n));
            at += n;
        }
    }

    private static void receiveAll(ByteReceiveStream r, byte[] expected, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < expected.length) {
            byte[] chunk = r.receive(random.nextInt(1, 1 << 14));
            if (chunk.length == 0) {
                throw new AssertionError("receive returned an empty chunk");
            }
            got.writeBytes(chunk);
        }
        if (!Arrays.equals(got.toByteArray(), expected)) {
            throw new AssertionError("the bytes received differ from those sent");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void expect(byte[] got, String expected) {
        ConformanceChecks.expect(new String(got, StandardCharsets.ISO_8859_1), expected);
    }

    private static void check(String what, Body body) throws Exception {
        ConformanceChecks.check("stream conformance", what, body, null);
    }

    private static void closeBoth(AutoCloseable a, AutoCloseable b) throws Exception {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
