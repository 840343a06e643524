package io.weft.process;

import io.weft.internal.WeftRuntime;
import io.weft.internal.process.WorkerJvmPool;
import io.weft.internal.process.WorkerMain;
import io.weft.internal.process.WorkerSettings;
import io.weft.thread.ToThread;
import java.time.Duration;
import java.util.List;

/** What the worker-JVM tests look at: the runtime's pool, and worker processes of this JVM. */
final class Workers {
    private Workers() {}

    /** The calling task's runtime's pool of worker JVMs. */
    static WorkerJvmPool pool() {
        return WorkerJvmPool.of(WeftRuntime.current());
    }

    /** Whether {@code p} is a worker JVM (its command line names the worker's main class). */
    static boolean isWorker(ProcessHandle p) {
        return p.info()
                .arguments()
                .map(a ->
                        List.of(a).contains(WorkerMain.class.getName())
                                || List.of(a).stream()
                                        .anyMatch(
                                                x -> x.endsWith("/" + WorkerMain.class.getName())))
                .orElse(false);
    }

    /** The worker JVMs among this JVM's descendants, alive now. */
    static List<ProcessHandle> alive() {
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(Workers::isWorker)
                .toList();
    }

    /** The pid of the worker that runs a call. */
    static long workerPid() {
        return ToProcess.runSync(() -> ProcessHandle.current().pid());
    }

    /** Waits (in a worker thread) until {@code p} has exited. */
    static void awaitExit(ProcessHandle p) {
        ToThread.runSync(() -> p.onExit().join());
    }

    /**
     * Makes the calling task's runtime start its workers with {@code mainClass} (a fake worker) and
     * give them {@code startTimeout} to answer.
     */
    static void startWith(String mainClass, Duration startTimeout) {
        WorkerSettings d = WorkerSettings.defaults();
        WorkerSettings.use(
                WeftRuntime.current(),
                new WorkerSettings(
                        WorkerSettings.javaCommand(mainClass), startTimeout, d.maxIdle()));
    }
}
