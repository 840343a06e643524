package io.weft.testing;

import static io.weft.testing.ConformanceChecks.expect;
import static io.weft.testing.ConformanceChecks.expectThrows;

import io.weft.BrokenResourceError;
import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.ObjectReceiveStream;
import io.weft.stream.ObjectSendStream;
import io.weft.stream.ObjectStream;
import io.weft.testing.ConformanceChecks.Body;
import java.util.ArrayList;
import java.util.List;

/**
 * The conformance kit for reliable object streams of strings (a companion of {@link
 * StreamConformance} for {@link ObjectStream}s, such as stapled memory object streams): transfer in
 * order, closing either side ({@link ClosedResourceError}, {@link BrokenResourceError}, {@link
 * EndOfStream}), closes waking blocked calls, forceful and cancelled closes, cancelled sends and
 * receives that lose nothing, a two-way transfer of 10,000 items each way, and {@code sendEof}.
 * Concurrent use is not checked: memory object streams allow several senders and receivers.
 *
 * <pre>{@code
 * ObjectStreamConformance.checkObjectStream(() -> {
 *     var ab = MemoryObjectStream.<String>create(0);
 *     var ba = MemoryObjectStream.<String>create(0);
 *     return new StreamPair<>(new StapledObjectStream<>(ab.sendStream(), ba.receiveStream()),
 *                             new StapledObjectStream<>(ba.sendStream(), ab.receiveStream()));
 * });
 * }</pre>
 *
 * <p>Call it from a Weft task. A failed check throws an {@link AssertionError} naming it.
 */
public final class ObjectStreamConformance {
    private ObjectStreamConformance() {}

    /** Checks a one-way object stream: {@code factory} makes (sender, receiver) pairs. */
    public static <A extends ObjectSendStream<String>, B extends ObjectReceiveStream<String>>
            void checkOneWayObjectStream(StreamConformance.Factory<A, B> factory) throws Exception {
        var p = factory.make();
        ObjectSendStream<String> s = p.first();
        ObjectReceiveStream<String> r = p.second();
        check(
                "send and receive items in order",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                s.send("a");
                                s.send("b");
                            });
                            expect(r.receive(), "a");
                            expect(r.receive(), "b");
                        }));
        check(
                "a cancelled receive takes nothing; a cancelled send sends nothing",
                () -> {
                    CancelScope scope = new CancelScope();
                    scope.cancel();
                    scope.run(x -> {
                        expectThrows(Cancelled.class, () -> s.send("lost"));
                        expectThrows(Cancelled.class, r::receive);
                    });
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> s.send("kept"));
                        expect(r.receive(), "kept");
                    });
                });
        check(
                "closing the receiver wakes its blocked receive with ClosedResourceError",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> expectThrows(ClosedResourceError.class, r::receive));
                            Weft.waitAllTasksBlocked();
                            Weft.acloseForcefully(r);
                        }));
        check(
                "after the receiver closed: Broken sends (for good), Closed receives",
                () -> {
                    expectThrows(
                            BrokenResourceError.class,
                            () -> {
                                for (; ; ) {
                                    s.send("x");
                                }
                            });
                    expectThrows(BrokenResourceError.class, () -> s.send("x"));
                    expectThrows(ClosedResourceError.class, r::receive);
                    r.close();
                });
        check(
                "after the sender closed: Closed sends; closing twice is fine",
                () -> {
                    s.close();
                    expectThrows(ClosedResourceError.class, () -> s.send("x"));
                    s.close();
                });

        var q = factory.make();
        check(
                "items sent before a graceful close are received, then EndOfStream",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                q.first().send("y");
                                q.first().close();
                            });
                            Weft.waitAllTasksBlocked();
                            expect(q.second().receive(), "y");
                            expectThrows(EndOfStream.class, q.second()::receive);
                            q.second().close();
                        }));

        var c = factory.make();
        check(
                "a close in a cancelled scope still closes",
                () -> {
                    CancelScope scope = new CancelScope();
                    scope.cancel();
                    scope.run(x -> {
                        c.first().close();
                        c.second().close();
                    });
                    expectThrows(ClosedResourceError.class, () -> c.first().send("x"));
                    expectThrows(ClosedResourceError.class, c.second()::receive);
                });

        var b = factory.make();
        check(
                "closing the sender wakes its blocked send with ClosedResourceError",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> {
                                for (; ; ) {
                                    b.first()
                                            .send("fill"); // until the stream applies back-pressure
                                }
                            });
                            Weft.waitAllTasksBlocked();
                            Weft.acloseForcefully(b.first());
                        }),
                ClosedResourceError.class);
        b.second().close();
    }

    /**
     * Checks a two-way object stream: everything {@link #checkOneWayObjectStream} checks in both
     * directions, plus 10,000 items each way at once, in order, and half-closing.
     */
    public static <A extends ObjectStream<String>, B extends ObjectStream<String>>
            void checkObjectStream(StreamConformance.Factory<A, B> factory) throws Exception {
        checkOneWayObjectStream(factory);
        checkOneWayObjectStream(() -> factory.make().flipped());
        var p = factory.make();
        ObjectStream<String> s1 = p.first();
        ObjectStream<String> s2 = p.second();
        check(
                "10,000 items each way at once arrive in order",
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> sendMany(s1, "ab"));
                            tg.startSoon(() -> sendMany(s2, "ba"));
                            tg.startSoon(() -> receiveMany(s1, "ba"));
                            receiveMany(s2, "ab");
                        }));
        check(
                "sendEof: the peer receives what was sent, then EndOfStream; the other way works",
                () -> {
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> {
                            s1.send("x");
                            s1.sendEof();
                        });
                        expect(s2.receive(), "x");
                        expectThrows(EndOfStream.class, s2::receive);
                    });
                    expectThrows(ClosedResourceError.class, () -> s1.send("y"));
                    s1.sendEof();
                    TaskGroup.run(tg -> {
                        tg.startSoon(() -> s2.send("back"));
                        expect(s1.receive(), "back");
                    });
                });
        s1.close();
        s2.close();
    }

    private static final int MANY = 10_000;

    private static void sendMany(ObjectSendStream<String> s, String tag) {
        for (int i = 0; i < MANY; i++) {
            s.send(tag + i);
        }
    }

    private static void receiveMany(ObjectReceiveStream<String> r, String tag) {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            String got = r.receive();
            if (!got.equals(tag + i) && wrong.size() < 5) {
                wrong.add("item " + i + " was \"" + got + "\"");
            }
        }
        if (!wrong.isEmpty()) {
            throw new AssertionError("items out of order or lost: " + wrong);
        }
    }

    private static void check(String what, Body body) throws Exception {
        check(what, body, null);
    }

    /** Runs a check; {@code expectedFromGroup}, if given, is what a task of it must have thrown. */
    private static void check(String what, Body body, Class<? extends Throwable> expectedFromGroup)
            throws Exception {
        ConformanceChecks.check("object stream conformance", what, body, expectedFromGroup);
    }
}
