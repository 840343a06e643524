package io.weft.bench;

import com.softwaremill.jox.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Exchanger;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The three channel shapes of the {@code Channel*Bench} classes, on raw virtual threads, for the
 * JDK and Jox baselines; {@link WeftChannels} and {@link KotlinChannels} build the same shapes with
 * Weft tasks and Kotlin coroutines.
 *
 * <ul>
 *   <li><b>pair</b>: one producer thread sends {@code n} items through one channel to one consumer
 *       thread;
 *   <li><b>parallel</b>: {@code pairs} independent (producer, consumer) pairs, each with its own
 *       channel and {@code n} items, all at once;
 *   <li><b>chain</b>: a producer sends {@code n} items into the first of {@code stages + 1}
 *       channels, each of {@code stages} forwarding threads receives from one channel and sends to
 *       the next, and a consumer receives from the last: {@code n * (stages + 1)} hops.
 * </ul>
 *
 * <p>Each call starts its threads, waits for all of them (the benchmark thread joins them) and
 * returns the sum of what the consumers received, checked against what was sent. Items come from
 * {@link #ITEMS}, boxed once, so that no side allocates an item per send.
 */
final class ChannelShapes {
    /** The items sent: {@code ITEMS[i] == i}, boxed once so that sending allocates nothing. */
    static final Integer[] ITEMS = new Integer[1 << 17];

    static {
        for (int i = 0; i < ITEMS.length; i++) {
            ITEMS[i] = i;
        }
    }

    /** The capacity of an unbounded channel, on every side: {@code Integer.MAX_VALUE}. */
    static final int UNBOUNDED = Integer.MAX_VALUE;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    private ChannelShapes() {}

    /** A blocking channel as seen by the thread shapes: one of the JDK's queues, or Jox's. */
    interface Pipe {
        void send(Integer item) throws InterruptedException;

        Integer receive() throws InterruptedException;
    }

    /** A JDK queue ({@code SynchronousQueue}, {@code ArrayBlockingQueue}): put and take. */
    static Supplier<Pipe> queue(Supplier<BlockingQueue<Integer>> make) {
        return () -> {
            BlockingQueue<Integer> q = make.get();
            return new Pipe() {
                @Override
                public void send(Integer item) throws InterruptedException {
                    q.put(item);
                }

                @Override
                public Integer receive() throws InterruptedException {
                    return q.take();
                }
            };
        };
    }

    static Supplier<Pipe> synchronousQueue() {
        return queue(SynchronousQueue::new);
    }

    static Supplier<Pipe> arrayBlockingQueue(int capacity) {
        return queue(() -> new ArrayBlockingQueue<>(capacity));
    }

    /** An {@code Exchanger}: the producer offers its item, the consumer offers null. */
    static Supplier<Pipe> exchanger() {
        return () -> {
            Exchanger<Integer> x = new Exchanger<>();
            return new Pipe() {
                @Override
                public void send(Integer item) throws InterruptedException {
                    x.exchange(item);
                }

                @Override
                public Integer receive() throws InterruptedException {
                    return x.exchange(null);
                }
            };
        };
    }

    /**
     * A Jox channel: {@code newRendezvousChannel()} for capacity 0, {@code newUnlimitedChannel()}
     * for {@link #UNBOUNDED}, else {@code newBufferedChannel(capacity)}.
     */
    static Supplier<Pipe> jox(int capacity) {
        return () -> {
            Channel<Integer> c =
                    capacity == 0
                            ? Channel.newRendezvousChannel()
                            : capacity == UNBOUNDED
                                    ? Channel.newUnlimitedChannel()
                                    : Channel.newBufferedChannel(capacity);
            return new Pipe() {
                @Override
                public void send(Integer item) throws InterruptedException {
                    c.send(item);
                }

                @Override
                public Integer receive() throws InterruptedException {
                    return c.receive();
                }
            };
        };
    }

    // ---------------------------------------------------------------- shapes

    static long pair(Supplier<Pipe> make, int n) throws InterruptedException {
        return parallel(make, 1, n);
    }

    static long parallel(Supplier<Pipe> make, int pairs, int n) throws InterruptedException {
        Thread[] threads = new Thread[2 * pairs];
        long[] sums = new long[pairs];
        for (int p = 0; p < pairs; p++) {
            Pipe pipe = make.get();
            int slot = p;
            threads[2 * p] = VIRTUAL.newThread(() -> produce(pipe, n));
            threads[2 * p + 1] = VIRTUAL.newThread(() -> sums[slot] = consume(pipe, n));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long sum = 0;
        for (long s : sums) {
            sum += s;
        }
        return check(sum, pairs, n);
    }

    static long chain(Supplier<Pipe> make, int stages, int n) throws InterruptedException {
        Pipe[] pipes = new Pipe[stages + 1];
        for (int i = 0; i < pipes.length; i++) {
            pipes[i] = make.get();
        }
        Thread[] threads = new Thread[stages + 2];
        long[] sum = new long[1];
        threads[0] = VIRTUAL.newThread(() -> produce(pipes[0], n));
        for (int i = 0; i < stages; i++) {
            Pipe in = pipes[i];
            Pipe out = pipes[i + 1];
            threads[i + 1] = VIRTUAL.newThread(() -> forward(in, out, n));
        }
        threads[stages + 1] = VIRTUAL.newThread(() -> sum[0] = consume(pipes[stages], n));
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return check(sum[0], 1, n);
    }

    private static void produce(Pipe pipe, int n) {
        try {
            for (int i = 0; i < n; i++) {
                pipe.send(ITEMS[i]);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void forward(Pipe in, Pipe out, int n) {
        try {
            for (int i = 0; i < n; i++) {
                out.send(in.receive());
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long consume(Pipe pipe, int n) {
        long sum = 0;
        try {
            for (int i = 0; i < n; i++) {
                sum += pipe.receive();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return sum;
    }

    /** Returns {@code sum} if it is what {@code pairs} consumers of {@code n} items each got. */
    static long check(long sum, int pairs, int n) {
        long expected = (long) pairs * ((long) n * (n - 1) / 2);
        if (sum != expected) {
            throw new IllegalStateException(
                    "the consumers received a sum of " + sum + ", expected " + expected);
        }
        return sum;
    }
}
