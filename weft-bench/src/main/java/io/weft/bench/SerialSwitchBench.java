package io.weft.bench;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A task switch on the SERIAL backend: two tasks each call {@link Weft#checkpoint()} {@value #K}
 * times, and since the other one is always ready, every checkpoint hands the runtime over to it.
 * The score is per switch (one task gives way, the other runs).
 *
 * <p>Baseline: the same number of one-way handoffs between two raw virtual threads that take turns
 * through a volatile field and {@code LockSupport.park}/{@code unpark}, which is what a SERIAL
 * handoff does underneath (plus the scheduler's short critical section, its ready queue and the
 * running-task count). Both sides start their two threads once per invocation, amortised over
 * {@code 2 * K} switches.
 */
public class SerialSwitchBench extends OnVirtualThread {
    static final int K = 20_000;

    private static final RunOptions SERIAL = RunOptions.defaults().backend(Backend.SERIAL);
    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();

    /** Two SERIAL tasks checkpointing in turn. */
    @Benchmark
    @OperationsPerInvocation(2 * K)
    public void weft() {
        Weft.run(
                SERIAL,
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(SerialSwitchBench::checkpoints);
                            checkpoints();
                        }));
    }

    private static void checkpoints() {
        for (int i = 0; i < K; i++) {
            Weft.checkpoint();
        }
    }

    /** Two raw virtual threads handing a turn back and forth with park/unpark. */
    @Benchmark
    @OperationsPerInvocation(2 * K)
    public void baseline_virtualThreadPingPong() throws InterruptedException {
        PingPong game = new PingPong();
        Thread a = VIRTUAL.newThread(() -> game.play(0));
        Thread b = VIRTUAL.newThread(() -> game.play(1));
        game.players[0] = a;
        game.players[1] = b;
        a.start();
        b.start();
        a.join();
        b.join();
    }

    private static final class PingPong {
        final Thread[] players = new Thread[2];
        volatile int turn;

        void play(int me) {
            Thread other = players[1 - me];
            for (int i = 0; i < K; i++) {
                while (turn != me) {
                    LockSupport.park(this);
                }
                turn = 1 - me;
                LockSupport.unpark(other);
            }
        }
    }
}
