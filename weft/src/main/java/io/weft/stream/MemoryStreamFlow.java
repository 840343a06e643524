package io.weft.stream;

import io.weft.BrokenResourceError;
import io.weft.Cancelled;
import io.weft.ClosedResourceError;
import io.weft.EndOfStream;
import io.weft.TaskGroup;
import io.weft.WouldBlock;
import io.weft.internal.Task;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link java.util.concurrent.Flow} (Reactive Streams) adapters for memory object streams, with
 * back-pressure both ways.
 *
 * <ul>
 *   <li>{@link #publisher} turns a receive stream into a {@link Flow.Publisher}: a subscriber's
 *       {@code request(n)} lets the adapter receive at most {@code n} more items from the stream.
 *   <li>{@link #subscriber} turns a send stream into a {@link Flow.Subscriber}: it requests one
 *       item at a time, and the next only once the previous {@code send} has returned, so a full
 *       buffer holds the upstream publisher back.
 * </ul>
 *
 * <p><b>Where the work runs.</b> Each adapter does its blocking work ({@code receive}, {@code
 * send}) in a task of the {@link TaskGroup} it is given, so it runs in that group's runtime, under
 * its cancel scope, and the group waits for it before it exits: one task per subscription for a
 * publisher, one task for a subscriber. A publisher's subscriber is called only from its
 * subscription's task (never concurrently: rule 1.3). The methods that the Flow protocol calls on
 * the adapters ({@code request}, {@code cancel}, {@code onNext}, ...) may be called from any
 * thread; they never block.
 *
 * <p>Both follow the Reactive Streams rules; in particular a {@code request(n)} with {@code n <= 0}
 * makes the publisher cancel the subscription and signal {@code onError} with an {@link
 * IllegalArgumentException} (rule 3.9), demand adds up and saturates at {@code Long.MAX_VALUE}
 * (which means "unbounded", rule 3.17), and null signals are rejected with {@link
 * NullPointerException} (rule 2.13).
 */
public final class MemoryStreamFlow {
    private MemoryStreamFlow() {}

    /**
     * A publisher of the items of {@code stream}. Each {@code subscribe} clones {@code stream} (so
     * the caller keeps and closes {@code stream} itself; closing it does not affect existing
     * subscriptions) and starts a task in {@code group} that calls {@code onSubscribe}, then
     * receives an item only while the subscriber has unmet demand and passes it to {@code onNext}:
     * a subscriber is never sent more items than it requested (rule 1.1). Several subscribers share
     * the items (each item goes to one of them), as receivers of a stream do.
     *
     * <p>The subscription ends with {@code onComplete} at the end of the stream; {@code cancel()}
     * closes its clone (a {@code receive} waiting in the task ends at once) and ends it without
     * another signal; if the group is cancelled, the subscriber gets {@code onError} with a {@link
     * CancellationException} (whose cause is the {@link Cancelled}). If the subscriber's {@code
     * onNext} throws (breaking rule 2.13), the subscription is cancelled and the task fails with
     * that exception, which reaches the group. Once the subscription has ended, the adapter keeps
     * no reference to the subscriber (rule 3.13).
     *
     * <p>{@code subscribe} may be called from any thread, as Flow code expects (the JDK's {@code
     * HttpClient}, for one, subscribes from its own executor). From a task of {@code group}'s
     * runtime it starts the subscription's task at once; from any other thread it goes through the
     * runtime, like {@link TaskGroup#asExecutor()}, and returns once the task is started (a thread
     * that is not Weft's waits that long; on the SERIAL backend, do not subscribe from a thread a
     * task of that runtime blocks on). If {@code stream} is closed, the group has exited or its
     * runtime has ended, or {@code subscribe} is called from a task of another runtime, the
     * subscriber gets {@code onSubscribe} and then {@code onError} with the reason, on the calling
     * thread (rule 1.9).
     */
    public static <T> Flow.Publisher<T> publisher(
            TaskGroup group, MemoryObjectReceiveStream<T> stream) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(stream, "stream");
        return subscriber -> subscribe(group, stream, subscriber);
    }

    /**
     * A subscriber that sends every item it gets into {@code stream}, and owns it: it closes {@code
     * stream} when the upstream completes, fails or the adapter stops. Its task starts in {@code
     * group} at once; call this from a task of that group's runtime. The upstream's calls may come
     * from any thread.
     *
     * <p>It requests one item in {@code onSubscribe} and one more each time a {@code send} has
     * returned. {@code onComplete} closes {@code stream} once the items before it are sent; {@code
     * onError(e)} closes it after them and then fails the task with {@code e}, so that the error
     * reaches {@code group}. If every receive stream is closed ({@link BrokenResourceError}) or the
     * group is cancelled, it cancels the upstream subscription and ends (a cancelled group sees its
     * {@code Cancelled} as usual). A second {@code onSubscribe} is cancelled at once (rule 2.5).
     *
     * @throws IllegalStateException if not called from a task of {@code group}'s runtime, or if the
     *     group has exited
     */
    public static <T> Flow.Subscriber<T> subscriber(
            TaskGroup group, MemoryObjectSendStream<T> stream) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(stream, "stream");
        StreamSubscriber<T> s = new StreamSubscriber<>(stream);
        group.startSoon("MemoryStreamFlow.subscriber", s::drain);
        return s;
    }

    // ---------------------------------------------------------------- publisher

    private static <T> void subscribe(
            TaskGroup group, MemoryObjectReceiveStream<T> stream, Flow.Subscriber<? super T> s) {
        Objects.requireNonNull(s, "subscriber"); // rule 1.9
        MemoryObjectReceiveStream<T> clone;
        try {
            clone = stream.clone();
        } catch (ClosedResourceError e) {
            refuse(s, e);
            return;
        }
        Subscription<T> sub = new Subscription<>(s, clone);
        try {
            if (Task.currentOrNull() != null) {
                group.startSoon("MemoryStreamFlow.publisher", sub::run);
            } else {
                // Not a task: the executor starts the task through one of the runtime's own.
                group.asExecutor().execute(sub::run);
            }
        } catch (RuntimeException e) {
            // A task of another runtime, the group has exited, or the runtime has ended.
            sub.closeStreams();
            refuse(
                    s,
                    e instanceof RejectedExecutionException r && r.getCause() != null
                            ? r.getCause()
                            : e);
        }
    }

    private static void refuse(Flow.Subscriber<?> s, Throwable why) {
        s.onSubscribe(
                new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
        s.onError(why);
    }

    /**
     * One subscription: demand is an atomic count; the task waits for demand on a capacity-1 stream
     * of wake-up tokens ({@code request} sends one when demand rises from zero; a stale token costs
     * one spurious loop), and {@code cancel} closes both streams, which ends whatever the task
     * waits on.
     */
    private static final class Subscription<T> implements Flow.Subscription {
        // Used by the task only; dropped when it ends, since its group may keep the ended task
        // (and so this object) until it next tidies its list of children (rule 3.13).
        private Flow.Subscriber<? super T> subscriber;
        private final MemoryObjectReceiveStream<T> items;
        private final MemoryObjectStream<Boolean> wake = MemoryObjectStream.create(1);
        private final AtomicLong demand = new AtomicLong();
        private volatile boolean cancelled;
        private volatile long badRequest = 1; // the first n <= 0 requested, else 1

        Subscription(Flow.Subscriber<? super T> subscriber, MemoryObjectReceiveStream<T> items) {
            this.subscriber = subscriber;
            this.items = items;
        }

        @Override
        public void request(long n) {
            if (cancelled) {
                return; // rule 3.6
            }
            if (n <= 0) {
                if (badRequest > 0) {
                    badRequest = n;
                }
                closeStreams(); // wakes the task wherever it waits; it signals onError
                return;
            }
            long before =
                    demand.getAndAccumulate(n, (d, add) -> d + add < 0 ? Long.MAX_VALUE : d + add);
            if (before == 0) {
                try {
                    wake.sendStream().sendNowait(Boolean.TRUE);
                } catch (WouldBlock | ClosedResourceError | BrokenResourceError pendingOrEnded) {
                    // A token is pending already, or the subscription has ended.
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true; // rule 3.5: idempotent
            closeStreams();
        }

        void closeStreams() {
            items.close(); // a receive waiting on it ends with ClosedResourceError
            wake.close(); // a wait for demand ends with EndOfStream or ClosedResourceError
        }

        /** The subscription's task. */
        void run() {
            try {
                subscriber.onSubscribe(this);
                loop();
            } catch (Cancelled c) {
                if (!cancelled) {
                    cancelled = true;
                    CancellationException e =
                            new CancellationException("the Weft task group was cancelled");
                    e.initCause(c);
                    subscriber.onError(e);
                }
                throw c;
            } catch (RuntimeException | Error e) { // thrown by the subscriber (rule 2.13)
                cancelled = true;
                throw e;
            } finally {
                closeStreams();
                subscriber = null;
            }
        }

        private void loop() {
            MemoryObjectReceiveStream<Boolean> tokens = wake.receiveStream();
            try {
                while (badRequest > 0 && !cancelled) {
                    long d = demand.get();
                    if (d == 0) {
                        tokens.receive(); // a token: demand has risen (or had, if stale)
                        continue;
                    }
                    T item;
                    try {
                        item = items.receive();
                    } catch (EndOfStream e) {
                        if (!cancelled) {
                            cancelled = true;
                            subscriber.onComplete();
                        }
                        return;
                    }
                    // Delivered even if cancel() came meanwhile: the item has left the stream,
                    // and dropping it would lose it (rule 3.6 allows signals shortly after).
                    subscriber.onNext(item);
                    if (d != Long.MAX_VALUE) {
                        demand.decrementAndGet();
                    }
                }
            } catch (ClosedResourceError | EndOfStream closed) {
                // Our streams were closed under us: by cancel(), or by a request(n <= 0).
            }
            long bad = badRequest;
            if (bad <= 0 && !cancelled) {
                cancelled = true;
                subscriber.onError(
                        new IllegalArgumentException(
                                "request("
                                        + bad
                                        + "): the number requested must be positive"
                                        + " (Reactive Streams rule 3.9)"));
            }
        }
    }

    // ---------------------------------------------------------------- subscriber

    private record Failure(Throwable error) {}

    private static final class StreamSubscriber<T> implements Flow.Subscriber<T> {
        private static final Flow.Subscription ENDED =
                new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                };

        private final MemoryObjectSendStream<T> stream;
        private final MemoryObjectStream<Object> handoff = MemoryObjectStream.unbounded();
        private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        private volatile boolean terminated; // onComplete or onError arrived

        StreamSubscriber(MemoryObjectSendStream<T> stream) {
            this.stream = stream;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            Objects.requireNonNull(s, "subscription"); // rule 2.13
            if (!subscription.compareAndSet(null, s)) {
                // Lost: a subscription arrived before (rule 2.5), or the task has ended (ENDED).
                s.cancel();
                return;
            }
            s.request(1);
        }

        @Override
        public void onNext(T item) {
            Objects.requireNonNull(item, "item"); // rule 2.13
            pass(item);
        }

        @Override
        public void onError(Throwable error) {
            Objects.requireNonNull(error, "error"); // rule 2.13
            terminated = true;
            pass(new Failure(error));
            handoff.sendStream().close();
        }

        @Override
        public void onComplete() {
            terminated = true;
            handoff.sendStream().close();
        }

        private void pass(Object signal) {
            try {
                handoff.sendStream().sendNowait(signal); // unbounded: never WouldBlock
            } catch (ClosedResourceError | BrokenResourceError ended) {
                // The task has ended (or a signal after onComplete/onError): nothing to do.
            }
        }

        /** The adapter's task. */
        @SuppressWarnings("unchecked")
        void drain() throws Throwable {
            try (MemoryObjectSendStream<T> out = stream;
                    MemoryObjectReceiveStream<Object> in = handoff.receiveStream()) {
                for (Object signal : in) {
                    if (signal instanceof Failure f) {
                        throw f.error();
                    }
                    out.send((T) signal);
                    subscription.get().request(1); // set: onNext follows onSubscribe (rule 1.9)
                }
            } catch (BrokenResourceError receiversGone) {
                // Every receiver has gone away: stop the upstream (below) and end quietly.
            } finally {
                handoff.sendStream().close(); // later upstream signals are dropped
                Flow.Subscription s = subscription.getAndSet(ENDED);
                if (s != null && !terminated) {
                    s.cancel();
                }
            }
        }
    }
}
