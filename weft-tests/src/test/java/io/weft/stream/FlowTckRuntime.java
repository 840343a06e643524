package io.weft.stream;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.RunOptions;
import io.weft.TaskStartFunction;
import io.weft.thread.BlockingPortal;
import io.weft.thread.StartedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.tck.TestEnvironment;

/**
 * A Weft runtime in a background thread for the Reactive Streams TCK, whose TestNG threads are not
 * Weft tasks: they reach the runtime through a {@link BlockingPortal}.
 *
 * <p>What a test starts with {@link #open} lives until {@link #endTest()} (the verification's
 * {@code @AfterMethod}), which cancels it and waits until it has ended, so that no task of one test
 * runs on into the next; {@link #close()} ({@code @AfterClass}) ends the runtime and its thread.
 */
final class FlowTckRuntime implements AutoCloseable {
    /**
     * How long the TCK waits for a signal it expects. Generous for a loaded machine: a passing test
     * waits only until the signal arrives, so this costs time only when a signal is missing (which
     * happens only in optional tests that the adapters do not claim to pass, such as multicast).
     */
    static final long TIMEOUT_MILLIS = 1000;

    /**
     * How long the TCK waits to see that a signal does not come (every such check waits this long,
     * so it adds up over the run).
     */
    static final long NO_SIGNALS_TIMEOUT_MILLIS = 100;

    /**
     * How long the TCK's {@code expectError} sleeps before it looks for the error. The TCK (1.0.4)
     * gives up after that first look (it computes the time left with {@code =-} for {@code -=}), so
     * this is in effect how long an expected {@code onError} may take.
     */
    static final long POLL_TIMEOUT_MILLIS = 250;

    /**
     * How long rule 3.13's test waits after a {@code cancel()} before it checks (with a garbage
     * collection) that the publisher has dropped its subscriber: the subscription's task must have
     * ended by then. The TCK's default.
     */
    static final long PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS = 300;

    private final BlockingPortal portal;
    private final List<Opened> opened = new ArrayList<>(); // guarded by this

    private record Opened(String name, CancelScope scope, CompletableFuture<Void> ended) {}

    FlowTckRuntime(Backend backend) {
        portal =
                BlockingPortal.start(
                        RunOptions.defaults().backend(backend),
                        "weft-flow-tck-" + backend.name().toLowerCase());
    }

    /** The TCK's environment with the timeouts above. */
    static TestEnvironment environment() {
        return new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_TIMEOUT_MILLIS, POLL_TIMEOUT_MILLIS);
    }

    /**
     * Starts {@code fn} in a task of the runtime and returns the value it passes to {@code
     * status.started}; the task runs on until it returns or the test ends ({@link #endTest()}
     * cancels it). A failure of the task fails {@link #endTest()}.
     */
    <S> S open(String name, TaskStartFunction<S> fn) {
        CancelScope scope = new CancelScope();
        StartedTask<S, Void> t = portal.startTask(name, status -> scope.run(() -> fn.run(status)));
        synchronized (this) {
            opened.add(new Opened(name, scope, t.future()));
        }
        return t.value();
    }

    /**
     * {@code publisher}, whose {@code subscribe} is called in a task of the runtime (as {@link
     * MemoryStreamFlow#publisher} requires) and returns once that call has returned; an exception
     * it throws (the {@code NullPointerException} of rule 1.9) is thrown here.
     */
    <T> Flow.Publisher<T> subscribedInside(Flow.Publisher<T> publisher) {
        return new Flow.Publisher<>() {
            @Override
            public void subscribe(Flow.Subscriber<? super T> s) {
                // The portal's task group may keep an ended task, and so the task's code, until it
                // next tidies its list of children: the code takes the subscriber out of a holder
                // so as not to keep it reachable (rule 3.13's test checks that it is collected).
                AtomicReference<Flow.Subscriber<? super T>> holder = new AtomicReference<>(s);
                portal.call(() -> publisher.subscribe(holder.getAndSet(null)));
            }

            @Override
            public String toString() {
                return "MemoryStreamFlow.publisher (subscribed in a Weft task)";
            }
        };
    }

    /**
     * Cancels every task the test opened and waits until each has ended.
     *
     * @throws AssertionError if any of them failed
     */
    void endTest() {
        List<Opened> ending;
        synchronized (this) {
            ending = List.copyOf(opened);
            opened.clear();
        }
        for (Opened o : ending) {
            o.scope().cancel("the TCK test has ended");
        }
        AssertionError failed = null;
        for (Opened o : ending) {
            try {
                o.ended().join();
            } catch (CompletionException e) {
                if (failed == null) {
                    failed = new AssertionError("a task of the test failed: " + o.name());
                }
                failed.addSuppressed(e.getCause());
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Cancels what is left, stops the runtime and waits for its thread to end. */
    @Override
    public void close() {
        try {
            endTest();
        } finally {
            portal.stop(true);
            portal.close();
        }
    }
}
