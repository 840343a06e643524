package io.weft;

/**
 * Callbacks through which a runtime reports what its tasks do, for tracing, metrics and debugging
 * tools (Trio's instruments). Install one with {@link RunOptions#instrument(Instrument)}; every
 * method has an empty default, so an instrument overrides only what it watches, and the runtime
 * skips the callbacks that no installed instrument overrides.
 *
 * <pre>{@code
 * Instrument trace = new Instrument() {
 *     @Override
 *     public void beforeWait(TaskInfo task, String waitingIn) {
 *         System.err.println(task.name() + " waits in " + waitingIn);
 *     }
 * };
 * Weft.run(RunOptions.defaults().instrument(trace), () -> server.serve());
 * }</pre>
 *
 * <p>The life of a task, as callbacks: {@code taskSpawned}, {@code taskScheduled}, then (on SERIAL)
 * {@code beforeTaskStep}; then any number of waits, each {@code beforeWait} ... {@code
 * taskScheduled} (if it parked) ... {@code afterWait}, and on SERIAL each schedule point as {@code
 * afterTaskStep} ... {@code beforeTaskStep}; finally {@code taskExited} and (on SERIAL) {@code
 * afterTaskStep}. A runtime's root task is reported as well as the tasks of task groups, and so are
 * the runtime's own system tasks (those of a {@code BlockingPortal}, for example).
 *
 * <p><b>Threads.</b> {@code taskSpawned} runs on the spawning thread, {@code taskScheduled} on the
 * thread that ended the task's wait (another task, a timer or I/O thread, any thread), the others
 * on the task's own thread. On the VIRTUAL and PLATFORM backends callbacks for different tasks run
 * concurrently, so an instrument must be thread-safe. On SERIAL every callback made on a task's
 * thread runs while that task holds the runtime, so they are serialized and, like the schedule,
 * reproducible with a seed; only {@code taskScheduled} for a wait ended from outside the runtime (a
 * real-time timer, I/O, another thread) can run concurrently with them.
 *
 * <p><b>Failures.</b> An instrument whose callback throws is removed from the runtime (it gets no
 * further callbacks), and the exception is logged at WARNING through the {@link System.Logger}
 * named {@code io.weft}; the task that triggered the callback goes on unharmed.
 *
 * <p><b>Pitfalls.</b> A callback must not wait in Weft (no {@code Lock}, no stream send, no sleep):
 * it runs inside the runtime's scheduling, where a Weft wait throws {@link IllegalStateException},
 * and the instrument is then removed. Keep callbacks short: they run on the hot path of every task,
 * and an instrument that overrides {@code beforeWait} or {@code afterWait} makes every wait walk
 * the waiting task's stack to name {@code waitingIn}. With no instrument installed the runtime pays
 * one field read per call site.
 */
public interface Instrument {
    /**
     * A task was created and is about to start; called on the spawning thread before the task first
     * runs.
     */
    default void taskSpawned(TaskInfo task) {}

    /**
     * A task became ready to run: just after it was spawned, and each time a wait it had parked in
     * ended. Called on the thread that made it ready, which may be any thread.
     */
    default void taskScheduled(TaskInfo task) {}

    /**
     * SERIAL only: the task is about to run a step, from when it gets the runtime until its next
     * schedule point (a checkpoint, a wait or its end). Called on the task's thread.
     */
    default void beforeTaskStep(TaskInfo task) {}

    /** SERIAL only: the task's step ended at a schedule point. Called on the task's thread. */
    default void afterTaskStep(TaskInfo task) {}

    /** The task has ended and its outcome is set; called on the task's thread. */
    default void taskExited(TaskInfo task) {}

    /**
     * The task is about to wait in a Weft wait; called on the task's thread.
     *
     * @param waitingIn the Weft method it waits in, such as {@code io.weft.sync.Lock.acquire} or
     *     {@code io.weft.stream.MemoryObjectReceiveStream.receive}; {@code "?"} if no public Weft
     *     method is on the stack
     */
    default void beforeWait(TaskInfo task, String waitingIn) {}

    /**
     * The task's wait ended (resumed, cancelled, timed out or failed) and it runs on; called on the
     * task's thread.
     *
     * @param waitingIn the same as for {@link #beforeWait}
     */
    default void afterWait(TaskInfo task, String waitingIn) {}
}
