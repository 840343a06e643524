package io.weft.bench;

import static io.weft.bench.ChannelShapes.ITEMS;

import kotlin.ResultKt;
import kotlin.Unit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlin.coroutines.jvm.internal.ContinuationImpl;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineScope;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.channels.BufferOverflow;
import kotlinx.coroutines.channels.Channel;
import kotlinx.coroutines.channels.ChannelKt;

/**
 * The shapes of {@link ChannelShapes} with kotlinx.coroutines channels, driven from Java without a
 * Kotlin compiler.
 *
 * <p>A Kotlin {@code suspend} function compiles to a method taking one more argument, a {@link
 * Continuation}, that returns either its result or {@code COROUTINE_SUSPENDED}; in the latter case
 * it later resumes the continuation with the result. So each coroutine here is a hand-written state
 * machine, a {@link ContinuationImpl} subclass, whose {@code invokeSuspend} loops over {@code
 * Channel.send(item, this)} and {@code Channel.receive(this)}, remembers in {@code label} which
 * call it suspended in, and returns {@code COROUTINE_SUSPENDED} when one does; the channel resumes
 * it through {@code invokeSuspend(result)}. This is what kotlinc generates for {@code for (i in 0
 * until n) ch.send(i)}, minus the debug metadata.
 *
 * <p>Every call runs one {@code runBlocking} on the (virtual) benchmark thread whose block launches
 * every coroutine on {@link #DISPATCHER} and returns; {@code runBlocking} returns once all its
 * children have completed. {@code DISPATCHER} is {@code Dispatchers.Default} (2 threads on this
 * 2-core machine), or, when {@code -Djdk.virtualThreadScheduler.parallelism=P} is set, a view of it
 * limited to P threads ({@code limitedParallelism(P)}), so that the {@code [p=1]} runs give Kotlin
 * the same single thread they give the virtual-thread sides.
 */
final class KotlinChannels {
    private static final Integer PARALLELISM =
            Integer.getInteger("jdk.virtualThreadScheduler.parallelism");

    /** Where the coroutines run; see the class comment. */
    static final CoroutineContext DISPATCHER =
            PARALLELISM == null
                    ? Dispatchers.getDefault()
                    : Dispatchers.getDefault().limitedParallelism(PARALLELISM, null);

    private static final Object SUSPENDED = IntrinsicsKt.getCOROUTINE_SUSPENDED();

    private KotlinChannels() {}

    static long pair(int capacity, int n) throws InterruptedException {
        return parallel(capacity, 1, n);
    }

    static long parallel(int capacity, int pairs, int n) throws InterruptedException {
        Consumer[] consumers = new Consumer[pairs];
        runAll(scope -> {
            for (int p = 0; p < pairs; p++) {
                Channel<Object> ch = channel(capacity);
                launch(scope, c -> new Producer(ch, n, c));
                int slot = p;
                launch(scope, c -> consumers[slot] = new Consumer(ch, n, c));
            }
        });
        long sum = 0;
        for (Consumer c : consumers) {
            sum += c.sum;
        }
        return ChannelShapes.check(sum, pairs, n);
    }

    static long chain(int capacity, int stages, int n) throws InterruptedException {
        Consumer[] last = new Consumer[1];
        runAll(scope -> {
            Channel<Object> in = channel(capacity);
            Channel<Object> first = in;
            launch(scope, c -> new Producer(first, n, c));
            for (int i = 0; i < stages; i++) {
                Channel<Object> from = in;
                Channel<Object> to = channel(capacity);
                launch(scope, c -> new Forwarder(from, to, n, c));
                in = to;
            }
            Channel<Object> end = in;
            launch(scope, c -> last[0] = new Consumer(end, n, c));
        });
        return ChannelShapes.check(last[0].sum, 1, n);
    }

    // ---------------------------------------------------------------- plumbing

    private static Channel<Object> channel(int capacity) {
        // Kotlin's Channel(capacity): 0 is RENDEZVOUS; suspend when full; no undelivered handler.
        return ChannelKt.Channel(capacity, BufferOverflow.SUSPEND, null);
    }

    /** The body of the {@code runBlocking} block: launches the coroutines. */
    private interface Launcher {
        void launchAll(CoroutineScope scope);
    }

    /** A coroutine's state machine, given the continuation it completes when it is done. */
    private interface Machine {
        Coroutine create(Continuation<Object> completion);
    }

    /** A hand-written coroutine: {@link #invokeSuspend} is its body (see the class comment). */
    private abstract static class Coroutine extends ContinuationImpl {
        Coroutine(Continuation<Object> completion) {
            super(completion);
        }

        /** Runs the body from its start: its result, or {@code COROUTINE_SUSPENDED}. */
        final Object start() {
            return invokeSuspend(Unit.INSTANCE);
        }
    }

    private static void runAll(Launcher launcher) throws InterruptedException {
        BuildersKt.runBlocking(
                EmptyCoroutineContext.INSTANCE,
                (scope, completion) -> {
                    launcher.launchAll(scope);
                    return Unit.INSTANCE;
                });
    }

    @SuppressWarnings("unchecked")
    private static void launch(CoroutineScope scope, Machine machine) {
        // The coroutine's body, as a suspend lambda: build the state machine and run it from its
        // start; if it suspends, the channel resumes it later, and its completion is the Job's.
        BuildersKt.launch(
                scope,
                DISPATCHER,
                CoroutineStart.DEFAULT,
                (s, completion) ->
                        machine.create((Continuation<Object>) (Continuation<?>) completion)
                                .start());
    }

    /** {@code for (i in 0 until n) out.send(ITEMS[i])}. */
    private static final class Producer extends Coroutine {
        private final Channel<Object> out;
        private final int n;
        private int sent;
        private int label; // 0: not started; 1: suspended in send

        Producer(Channel<Object> out, int n, Continuation<Object> completion) {
            super(completion);
            this.out = out;
            this.n = n;
        }

        @Override
        protected Object invokeSuspend(Object result) {
            ResultKt.throwOnFailure(result);
            if (label == 1) {
                sent++; // the send it suspended in has completed
            }
            label = 1;
            while (sent < n) {
                if (out.send(ITEMS[sent], this) == SUSPENDED) {
                    return SUSPENDED;
                }
                sent++;
            }
            return Unit.INSTANCE;
        }
    }

    /** {@code repeat(n) { sum += in.receive() }}. */
    private static final class Consumer extends Coroutine {
        private final Channel<Object> in;
        private final int n;
        private int received;
        private int label; // 0: not started; 1: suspended in receive
        long sum;

        Consumer(Channel<Object> in, int n, Continuation<Object> completion) {
            super(completion);
            this.in = in;
            this.n = n;
        }

        @Override
        protected Object invokeSuspend(Object result) {
            ResultKt.throwOnFailure(result);
            if (label == 1) {
                sum += (Integer) result; // what the receive it suspended in returned
                received++;
            }
            label = 1;
            while (received < n) {
                Object r = in.receive(this);
                if (r == SUSPENDED) {
                    return SUSPENDED;
                }
                sum += (Integer) r;
                received++;
            }
            return Unit.INSTANCE;
        }
    }

    /** {@code repeat(n) { out.send(in.receive()) }}. */
    private static final class Forwarder extends Coroutine {
        private final Channel<Object> in;
        private final Channel<Object> out;
        private final int n;
        private int forwarded;
        private int label; // 0: between items; 1: suspended in receive; 2: suspended in send

        Forwarder(Channel<Object> in, Channel<Object> out, int n, Continuation<Object> completion) {
            super(completion);
            this.in = in;
            this.out = out;
            this.n = n;
        }

        @Override
        protected Object invokeSuspend(Object result) {
            ResultKt.throwOnFailure(result);
            for (; ; ) {
                if (label == 1) {
                    // `result` is the item the receive returned: send it on.
                    label = 2;
                    if (out.send(result, this) == SUSPENDED) {
                        return SUSPENDED;
                    }
                }
                if (label == 2) {
                    forwarded++; // the send has completed
                    label = 0;
                }
                if (forwarded == n) {
                    return Unit.INSTANCE;
                }
                label = 1;
                result = in.receive(this);
                if (result == SUSPENDED) {
                    return SUSPENDED;
                }
            }
        }
    }
}
