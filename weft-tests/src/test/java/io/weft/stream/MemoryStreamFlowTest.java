package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.thread.ToThread;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** MemoryStreamFlow: Flow publisher and subscriber adapters, back-pressure, cancel and errors. */
class MemoryStreamFlowTest {

    /** Records every signal as a string; requests only when told to. */
    static class Recorder<T> implements Flow.Subscriber<T> {
        final List<String> signals = new CopyOnWriteArrayList<>();
        final List<T> items = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile Flow.Subscription subscription;
        volatile Thread signalThread;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            signals.add("subscribe");
            signalThread = Thread.currentThread();
        }

        @Override
        public void onNext(T item) {
            items.add(item);
            signals.add("next " + item);
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
            signals.add("error " + t.getClass().getSimpleName());
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }
    }

    // ---------------------------------------------------------------- publisher

    @WeftTest
    void aSubscriberGetsNoMoreItemsThanItRequested() {
        try (var stream = MemoryObjectStream.<Integer>create(10)) {
            for (int i = 0; i < 5; i++) {
                stream.sendStream().sendNowait(i);
            }
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                Weft.waitAllTasksBlocked();
                assertThat(r.signals).containsExactly("subscribe");
                assertThat(stream.sendStream().statistics().currentBufferUsed()).isEqualTo(5);

                r.subscription.request(2);
                Weft.waitAllTasksBlocked();
                assertThat(r.items).containsExactly(0, 1);
                // Only what was requested left the stream.
                assertThat(stream.sendStream().statistics().currentBufferUsed()).isEqualTo(3);

                r.subscription.request(1);
                r.subscription.request(10);
                Weft.waitAllTasksBlocked();
                assertThat(r.items).containsExactly(0, 1, 2, 3, 4);
                assertThat(r.signals).doesNotContain("complete");
                stream.sendStream().close();
            });
            assertThat(r.signals.getLast()).isEqualTo("complete");
            assertThat(r.items).containsExactly(0, 1, 2, 3, 4);
        }
    }

    @WeftTest
    void unboundedDemandTakesEverythingUntilTheEnd() {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                Weft.waitAllTasksBlocked();
                r.subscription.request(Long.MAX_VALUE);
                r.subscription.request(Long.MAX_VALUE); // saturates (rule 3.17)
                for (int i = 0; i < 100; i++) {
                    stream.sendStream().send(i);
                }
                stream.sendStream().close();
            });
            assertThat(r.items).hasSize(100).isSorted();
            assertThat(r.signals.getLast()).isEqualTo("complete");
        }
    }

    @WeftTest
    void requestOfZeroOrLessIsAnIllegalArgumentAndEndsTheSubscription() {
        for (long n : new long[] {0, -1}) {
            try (var stream = MemoryObjectStream.<Integer>create(1)) {
                stream.sendStream().sendNowait(7);
                Recorder<Integer> r = new Recorder<>();
                TaskGroup.run(tg -> {
                    MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                    Weft.waitAllTasksBlocked();
                    assertThat(stream.sendStream().statistics().openReceiveStreams()).isEqualTo(2);
                    r.subscription.request(n);
                });
                assertThat(r.signals)
                        .containsExactly("subscribe", "error IllegalArgumentException");
                assertThat(r.error.get()).hasMessageContaining("3.9");
                // Its clone was closed, and nothing was taken from the stream.
                assertThat(stream.sendStream().statistics().openReceiveStreams()).isEqualTo(1);
                assertThat(stream.receiveStream().receiveNowait()).isEqualTo(7);
            }
        }
    }

    @WeftTest
    void aBadRequestWhileWaitingForAnItemIsReportedAtOnce() {
        try (var stream = MemoryObjectStream.<Integer>create(1)) {
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                Weft.waitAllTasksBlocked();
                r.subscription.request(1);
                Weft.waitAllTasksBlocked(); // its task waits in receive()
                assertThat(stream.sendStream().statistics().tasksWaitingReceive()).isEqualTo(1);
                r.subscription.request(0);
            });
            assertThat(r.signals).containsExactly("subscribe", "error IllegalArgumentException");
        }
    }

    @WeftTest
    void cancelClosesTheSubscriptionsCloneAndStopsTheSignals() {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                Weft.waitAllTasksBlocked();
                r.subscription.request(5);
                Weft.waitAllTasksBlocked(); // waiting in receive() on its clone
                assertThat(stream.sendStream().statistics())
                        .isEqualTo(new MemoryObjectStreamStatistics(0, 0, 1, 2, 0, 1));
                r.subscription.cancel();
                r.subscription.cancel(); // idempotent (rule 3.5)
            }); // the group exits: the subscription's task has ended
            assertThat(stream.sendStream().statistics())
                    .isEqualTo(new MemoryObjectStreamStatistics(0, 0, 1, 1, 0, 0));
            r.subscription.request(1); // a no-op after cancel (rule 3.6)
            assertThat(r.signals).containsExactly("subscribe");
        }
    }

    @WeftTest
    void anEndedSubscriptionKeepsNoReferenceToItsSubscriber() {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            TaskGroup.run(tg -> {
                Flow.Publisher<Integer> publisher =
                        MemoryStreamFlow.publisher(tg, stream.receiveStream());
                WeakReference<Recorder<Integer>> subscriber = subscribeAndCancel(publisher);
                // The subscription's task has ended; the group, still open, may keep the task
                // (and what it ran) until it next tidies its children. Rule 3.13.
                Weft.waitAllTasksBlocked();
                System.gc();
                assertThat(subscriber.refersTo(null)).isTrue();
            });
        }
    }

    /** Subscribes a recorder, cancels, and returns a weak reference to it (and no other). */
    private static WeakReference<Recorder<Integer>> subscribeAndCancel(
            Flow.Publisher<Integer> publisher) {
        Recorder<Integer> r = new Recorder<>();
        publisher.subscribe(r);
        Weft.waitAllTasksBlocked();
        r.subscription.request(1); // the task waits in receive()
        Weft.waitAllTasksBlocked();
        r.subscription.cancel();
        return new WeakReference<>(r);
    }

    @WeftTest
    void subscribersShareTheItemsEachItemGoingToOne() {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            Recorder<Integer> a = new Recorder<>();
            Recorder<Integer> b = new Recorder<>();
            TaskGroup.run(tg -> {
                var publisher = MemoryStreamFlow.publisher(tg, stream.receiveStream());
                publisher.subscribe(a);
                publisher.subscribe(b);
                stream.receiveStream().close(); // the subscriptions hold their own clones
                Weft.waitAllTasksBlocked();
                a.subscription.request(Long.MAX_VALUE);
                b.subscription.request(Long.MAX_VALUE);
                for (int i = 0; i < 50; i++) {
                    stream.sendStream().send(i);
                }
                stream.sendStream().close();
            });
            List<Integer> all = new ArrayList<>(a.items);
            all.addAll(b.items);
            assertThat(all).hasSize(50).doesNotHaveDuplicates();
            assertThat(a.signals.getLast()).isEqualTo("complete");
            assertThat(b.signals.getLast()).isEqualTo("complete");
        }
    }

    @WeftTest
    void theSubscriberIsCalledFromTheSubscriptionsTask() {
        try (var stream = MemoryObjectStream.<Integer>create(1)) {
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                Weft.waitAllTasksBlocked();
                assertThat(r.signalThread).isNotEqualTo(Thread.currentThread());
                assertThat(Weft.runningTasks())
                        .anyMatch(t -> t.name().equals("MemoryStreamFlow.publisher"));
                r.subscription.cancel();
            });
        }
    }

    @WeftTest
    void subscribingToAClosedStreamOrFromAnotherRuntimeSignalsAnError() throws Exception {
        var closed = MemoryObjectStream.<Integer>create(0);
        closed.close();
        try (var open = MemoryObjectStream.<Integer>create(0)) {
            Recorder<Integer> onClosed = new Recorder<>();
            Recorder<Integer> fromOtherRuntime = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, closed.receiveStream()).subscribe(onClosed);
                var publisher = MemoryStreamFlow.publisher(tg, open.receiveStream());
                ToThread.runSync(() -> Weft.run(() -> publisher.subscribe(fromOtherRuntime)));
            });
            assertThat(onClosed.signals).containsExactly("subscribe", "error ClosedResourceError");
            assertThat(fromOtherRuntime.signals).hasSize(2).startsWith("subscribe");
            assertThat(fromOtherRuntime.error.get()).isInstanceOf(IllegalStateException.class);
            // The clone made for the refused subscription was closed again.
            assertThat(open.sendStream().statistics().openReceiveStreams()).isEqualTo(1);
            assertThatThrownBy(() -> MemoryStreamFlow.publisher(null, open.receiveStream()))
                    .isInstanceOf(NullPointerException.class);
        }
    }

    @WeftTest
    void aThreadOutsideTheRuntimeCanSubscribe() throws Exception {
        try (var stream = MemoryObjectStream.<Integer>create(2)) {
            stream.sendStream().send(1);
            stream.sendStream().close();
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                var publisher = MemoryStreamFlow.publisher(tg, stream.receiveStream());
                // A worker thread stands for any thread that is not a task (HttpClient's, say);
                // the task waits for it in Weft, so the runtime can start the subscription.
                ToThread.runSync(() -> publisher.subscribe(r));
                Weft.waitAllTasksBlocked();
                r.subscription.request(5);
            });
            assertThat(r.signals).containsExactly("subscribe", "next 1", "complete");
            assertThat(r.signalThread).isNotNull();
        }
    }

    @Test
    void aThreadCanSubscribeAfterTheRuntimeEndedAndIsTold() throws Exception {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            AtomicReference<Flow.Publisher<Integer>> publisher = new AtomicReference<>();
            Weft.run(() ->
                    TaskGroup.run(tg ->
                            publisher.set(MemoryStreamFlow.publisher(tg, stream.receiveStream()))));
            Recorder<Integer> late = new Recorder<>();
            publisher.get().subscribe(late);
            assertThat(late.signals).containsExactly("subscribe", late.signals.get(1));
            assertThat(late.signals.get(1)).startsWith("error ");
            assertThat(stream.sendStream().statistics().openReceiveStreams()).isEqualTo(1);
        }
    }

    @WeftTest
    void cancellingTheGroupSignalsACancellationError() {
        try (var stream = MemoryObjectStream.<Integer>create(0)) {
            Recorder<Integer> r = new Recorder<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                Weft.waitAllTasksBlocked();
                r.subscription.request(1);
                Weft.waitAllTasksBlocked();
                tg.cancel();
            });
            assertThat(r.signals).containsExactly("subscribe", "error CancellationException");
            assertThat(r.error.get())
                    .isInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(Cancelled.class);
            assertThat(stream.sendStream().statistics().openReceiveStreams()).isEqualTo(1);
        }
    }

    @WeftTest
    void anOnNextThatThrowsCancelsTheSubscriptionAndFailsTheGroup() {
        try (var stream = MemoryObjectStream.<Integer>create(2)) {
            stream.sendStream().sendNowait(1);
            stream.sendStream().sendNowait(2);
            Recorder<Integer> r =
                    new Recorder<>() {
                        @Override
                        public void onNext(Integer item) {
                            super.onNext(item);
                            throw new IllegalStateException("subscriber bug");
                        }
                    };
            assertThatThrownBy(() ->
                            TaskGroup.run(tg -> {
                                MemoryStreamFlow.publisher(tg, stream.receiveStream()).subscribe(r);
                                Weft.waitAllTasksBlocked();
                                r.subscription.request(2);
                            }))
                    .isInstanceOfSatisfying(
                            ExceptionGroup.class,
                            g ->
                                    assertThat(g.exceptions())
                                            .singleElement()
                                            .satisfies(e ->
                                                    assertThat(e).hasMessage("subscriber bug")));
            assertThat(r.items).containsExactly(1);
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo(2); // not taken
        }
    }

    // ---------------------------------------------------------------- subscriber

    /** A publisher that records the demand it gets and emits only when told to. */
    static final class ManualPublisher implements Flow.Publisher<String> {
        final List<Long> requests = new CopyOnWriteArrayList<>();
        volatile Flow.Subscriber<? super String> subscriber;
        volatile boolean cancelled;

        @Override
        public void subscribe(Flow.Subscriber<? super String> s) {
            subscriber = s;
            s.onSubscribe(
                    new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            requests.add(n);
                        }

                        @Override
                        public void cancel() {
                            cancelled = true;
                        }
                    });
        }
    }

    @WeftTest
    void theSubscriberRequestsOneItemAtATimeAsSendsComplete() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            ManualPublisher upstream = new ManualPublisher();
            TaskGroup.run(tg -> {
                upstream.subscribe(MemoryStreamFlow.subscriber(tg, stream.sendStream()));
                assertThat(upstream.requests).containsExactly(1L);
                upstream.subscriber.onNext("a");
                Weft.waitAllTasksBlocked(); // its send waits for a receiver (rendezvous)
                assertThat(stream.receiveStream().statistics().tasksWaitingSend()).isEqualTo(1);
                assertThat(upstream.requests).containsExactly(1L); // nothing more yet
                assertThat(stream.receiveStream().receive()).isEqualTo("a");
                Weft.waitAllTasksBlocked();
                assertThat(upstream.requests).containsExactly(1L, 1L);
                upstream.subscriber.onNext("b");
                upstream.subscriber.onComplete();
                assertThat(stream.receiveStream().receive()).isEqualTo("b");
                assertThatThrownBy(() -> stream.receiveStream().receive())
                        .isInstanceOf(EndOfStream.class); // closed after the last item
            });
            assertThat(upstream.cancelled).isFalse();
        }
    }

    @WeftTest
    void anUpstreamErrorClosesTheStreamAfterTheItemsAndFailsTheGroup() {
        try (var stream = MemoryObjectStream.<String>create(5)) {
            ManualPublisher upstream = new ManualPublisher();
            IllegalStateException boom = new IllegalStateException("upstream failed");
            assertThatThrownBy(() ->
                            TaskGroup.run(tg -> {
                                upstream.subscribe(
                                        MemoryStreamFlow.subscriber(tg, stream.sendStream()));
                                upstream.subscriber.onNext("a");
                                upstream.subscriber.onError(boom);
                            }))
                    .isInstanceOfSatisfying(
                            ExceptionGroup.class,
                            g -> assertThat(g.exceptions()).containsExactly(boom));
            assertThat(stream.receiveStream().receiveNowait()).isEqualTo("a");
            assertThatThrownBy(() -> stream.receiveStream().receiveNowait())
                    .isInstanceOf(EndOfStream.class);
        }
    }

    @WeftTest
    void whenEveryReceiverHasGoneTheUpstreamIsCancelled() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            ManualPublisher upstream = new ManualPublisher();
            TaskGroup.run(tg -> {
                upstream.subscribe(MemoryStreamFlow.subscriber(tg, stream.sendStream()));
                upstream.subscriber.onNext("a");
                Weft.waitAllTasksBlocked();
                stream.receiveStream().close(); // the waiting send is broken
            }); // and the adapter ends quietly
            assertThat(upstream.cancelled).isTrue();
            upstream.subscriber.onNext("late"); // dropped, no error
        }
    }

    @WeftTest
    void cancellingTheGroupCancelsTheUpstream() {
        try (var stream = MemoryObjectStream.<String>create(0)) {
            ManualPublisher upstream = new ManualPublisher();
            TaskGroup.run(tg -> {
                upstream.subscribe(MemoryStreamFlow.subscriber(tg, stream.sendStream()));
                Weft.waitAllTasksBlocked();
                tg.cancel();
            });
            assertThat(upstream.cancelled).isTrue();
            assertThat(stream.sendStream().isClosed()).isTrue();
        }
    }

    @WeftTest
    void aSecondSubscriptionIsCancelledAndNullSignalsAreRejected() {
        try (var stream = MemoryObjectStream.<String>create(1)) {
            ManualPublisher first = new ManualPublisher();
            ManualPublisher second = new ManualPublisher();
            TaskGroup.run(tg -> {
                var subscriber = MemoryStreamFlow.subscriber(tg, stream.sendStream());
                first.subscribe(subscriber);
                second.subscribe(subscriber);
                assertThat(second.cancelled).isTrue();
                assertThat(second.requests).isEmpty();
                assertThat(first.cancelled).isFalse();
                assertThatThrownBy(() -> subscriber.onNext(null))
                        .isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> subscriber.onError(null))
                        .isInstanceOf(NullPointerException.class);
                assertThatThrownBy(() -> subscriber.onSubscribe(null))
                        .isInstanceOf(NullPointerException.class);
                subscriber.onComplete();
            });
            assertThat(stream.sendStream().isClosed()).isTrue();
        }
    }

    @WeftTest
    void aJdkSubmissionPublisherFeedsAStream() {
        try (var stream = MemoryObjectStream.<Integer>create(2)) {
            List<Integer> received = new ArrayList<>();
            SubmissionPublisher<Integer> jdk = new SubmissionPublisher<>();
            try {
                TaskGroup.run(tg -> {
                    jdk.subscribe(MemoryStreamFlow.subscriber(tg, stream.sendStream()));
                    tg.startSoon(() -> {
                        for (int i = 0; i < 200; i++) {
                            jdk.submit(i); // delivered from the JDK's pool threads
                        }
                        jdk.close(); // onComplete after the items
                    });
                    for (Integer i : stream.receiveStream()) {
                        received.add(i);
                    }
                });
            } finally {
                jdk.close();
            }
            assertThat(received).hasSize(200).isSorted();
        }
    }

    @WeftTest
    void aPublisherAndASubscriberConnectTwoStreams() {
        try (var in = MemoryObjectStream.<String>create(0);
                var out = MemoryObjectStream.<String>create(0)) {
            List<String> received = new ArrayList<>();
            TaskGroup.run(tg -> {
                MemoryStreamFlow.publisher(tg, in.receiveStream())
                        .subscribe(MemoryStreamFlow.subscriber(tg, out.sendStream()));
                in.receiveStream().close();
                tg.startSoon(() -> {
                    try (var tx = in.sendStream()) {
                        for (String s : List.of("x", "y", "z")) {
                            tx.send(s);
                        }
                    }
                });
                for (String s : out.receiveStream()) {
                    received.add(s);
                }
            });
            assertThat(received).containsExactly("x", "y", "z");
            assertThatThrownBy(() -> in.sendStream().sendNowait("late"))
                    .isInstanceOf(ClosedResourceError.class);
        }
    }
}
