package io.weft.internal;

import io.weft.RunOptions;
import io.weft.Weft;
import java.util.concurrent.CompletableFuture;

/**
 * One live runtime for the jcstress tests of the core, whose states need tasks (a waiter belongs to
 * a task, and completing it counts the task as running again). Its root task sleeps forever on a
 * daemon thread; the tasks the tests create are never started, so resuming them unparks nothing.
 */
final class StressRuntime {
    static final WeftRuntime RUNTIME = start();

    private StressRuntime() {}

    private static WeftRuntime start() {
        Starter starter = new Starter();
        Thread.ofPlatform().daemon().name("weft-stress-runtime").start(starter);
        return starter.runtime.join();
    }

    /**
     * Runs the runtime. Not a lambda of this class: the runtime's thread would then wait for this
     * class's initialisation, which waits for the runtime.
     */
    private static final class Starter implements Runnable {
        final CompletableFuture<WeftRuntime> runtime = new CompletableFuture<>();

        @Override
        public void run() {
            Weft.run(() -> {
                runtime.complete(WeftRuntime.current());
                Weft.sleepForever();
            });
        }
    }

    /**
     * A task that never runs, of a runtime of its own that runs nothing (no thread, no timer),
     * whose running count is 1: the task's. For tests that check the count.
     */
    static Task taskOfOwnRuntime() {
        WeftRuntime rt = new WeftRuntime(RunOptions.defaults(), Clock.SYSTEM);
        rt.taskSpawned();
        return new Task(rt, null, null, "stress", null, (TaskBody) () -> null);
    }

    /** A task of the stress runtime that never runs: something for a waiter to belong to. */
    static Task idleTask() {
        return new Task(RUNTIME, null, null, "stress", null, (TaskBody) () -> null);
    }
}
