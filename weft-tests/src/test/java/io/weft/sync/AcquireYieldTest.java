package io.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.process.CompletedProcess;
import io.weft.process.Processes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Where an uncontended acquire gives up its carrier on the parallel backends once the task's time
 * slice is spent: before it takes the lock, unit or token, never while holding what it has just
 * taken (a task that yields holding it makes the others queue behind a task that is not running,
 * and with first-come hand-off that queue outlives the yield).
 *
 * <p>Checked in a child JVM whose virtual threads share one carrier, so that another task runs only
 * while the worker has yielded: an observer task, which runs only then, must find the primitive
 * free every time, and must run at all (the acquire still yields once the slice is spent). The
 * SERIAL backend's order (take, then let the next task run) is AnyIO's and is covered by each
 * primitive's own tests.
 */
class AcquireYieldTest {

    // One child JVM covers every primitive; the backend of this test's own run plays no part.
    @WeftTest(backends = Backend.VIRTUAL, timeoutSeconds = 60)
    void anAcquireThatYieldsForItsTimeSliceDoesSoBeforeTaking() throws IOException {
        CompletedProcess r =
                Processes.run(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Djdk.virtualThreadScheduler.parallelism=1",
                                "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                                "-cp",
                                System.getProperty("java.class.path"),
                                Main.class.getName()));
        assertThat(r.stderrText()).isEmpty();
        assertThat(r.stdoutText().strip().lines())
                .containsExactly(
                        "Lock: observed held 0",
                        "Semaphore: observed held 0",
                        "CapacityLimiter: observed held 0");
    }

    /** Run in the child JVM: one line per primitive, how often the observer found it held. */
    static final class Main {
        private Main() {}

        /** A slice is 1 ms of running without blocking; spin past it between acquires. */
        private static final long SPIN_NANOS = 3_000_000;

        /** Acquires per primitive; about every other one finds its slice spent and yields. */
        private static final int ACQUIRES = 12;

        public static void main(String[] args) {
            Weft.run(() -> {
                Lock lock = new Lock();
                check("Lock", lock::acquire, lock::locked);
                Semaphore semaphore = new Semaphore(1);
                check("Semaphore", semaphore::acquire, () -> semaphore.value() == 0);
                CapacityLimiter limiter = new CapacityLimiter(1);
                check("CapacityLimiter", limiter::acquire, () -> limiter.borrowedTokens() > 0);
            });
        }

        private static void check(String name, Supplier<Held> acquire, BooleanSupplier held) {
            AtomicBoolean started = new AtomicBoolean();
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger seenHeld = new AtomicInteger();
            AtomicInteger seenFree = new AtomicInteger();
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    // Runs only while the worker has given up the one carrier.
                    while (!done.get()) {
                        if (started.get()) {
                            (held.getAsBoolean() ? seenHeld : seenFree).incrementAndGet();
                        }
                        Thread.yield();
                    }
                });
                tg.startSoon(() -> {
                    started.set(true);
                    for (int i = 0; i < ACQUIRES; i++) {
                        long end = System.nanoTime() + SPIN_NANOS;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait(); // no checkpoint: uses up the time slice
                        }
                        try (var _ = acquire.get()) {
                            // held across nothing: only the acquire's own yield matters
                        }
                    }
                    done.set(true);
                });
            });
            if (seenHeld.get() + seenFree.get() == 0) {
                throw new AssertionError(name + ": the observer never ran (acquire never yielded)");
            }
            System.out.println(name + ": observed held " + seenHeld.get());
        }
    }
}
