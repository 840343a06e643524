package io.weft.stream;

import io.weft.Backend;
import io.weft.CancelScope;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.TaskStatus;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.SubscriberPuppet;
import org.reactivestreams.tck.SubscriberWhiteboxVerification.WhiteboxSubscriberProbe;
import org.reactivestreams.tck.flow.FlowSubscriberWhiteboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's subscriber rules (white-box) for {@link MemoryStreamFlow#subscriber},
 * on one backend (a subclass per backend).
 *
 * <p>Each subscriber under test is the adapter over a rendezvous stream, in a task group of its own
 * with a task that drains the other end of the stream. The probe sees what the adapter's documented
 * behaviour makes observable: an element when it comes out of the stream, completion when the group
 * ends normally (the adapter closed the stream after {@code onComplete}), an error when the group
 * fails with it (the adapter's task fails with the {@code onError} exception). The puppet's {@code
 * signalCancel} cancels the group, which makes the adapter cancel its subscription; {@code
 * triggerRequest} has nothing to do, as the adapter requests one element at a time by itself,
 * whenever the previous one has been received from the stream (as the TCK allows).
 */
public abstract class MemoryStreamFlowSubscriberTck
        extends FlowSubscriberWhiteboxVerification<Integer> {
    private final Backend backend;
    private FlowTckRuntime runtime;

    MemoryStreamFlowSubscriberTck(Backend backend) {
        super(FlowTckRuntime.environment());
        this.backend = backend;
    }

    @BeforeClass(alwaysRun = true)
    public void startRuntime() {
        runtime = new FlowTckRuntime(backend);
    }

    @AfterMethod(alwaysRun = true)
    public void endTest() {
        runtime.endTest();
    }

    @AfterClass(alwaysRun = true)
    public void stopRuntime() {
        runtime.close();
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }

    @Override
    protected Flow.Subscriber<Integer> createFlowSubscriber(
            WhiteboxSubscriberProbe<Integer> probe) {
        CancelScope cancelled = new CancelScope(); // by the puppet's signalCancel
        Flow.Subscriber<Integer> adapter =
                runtime.open("subscriber", status -> runAdapter(status, probe, cancelled));
        SubscriberPuppet puppet =
                new SubscriberPuppet() {
                    @Override
                    public void triggerRequest(long elements) {
                        // Nothing to do: the adapter requests by itself, one element at a time.
                    }

                    @Override
                    public void signalCancel() {
                        cancelled.cancel("the TCK's puppet cancels the subscriber");
                    }
                };
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                adapter.onSubscribe(subscription);
                probe.registerOnSubscribe(puppet);
            }

            @Override
            public void onNext(Integer item) {
                adapter.onNext(item);
            }

            @Override
            public void onError(Throwable error) {
                adapter.onError(error);
            }

            @Override
            public void onComplete() {
                adapter.onComplete();
            }
        };
    }

    /**
     * The task of one subscriber under test: a group with the adapter and a task that drains its
     * stream; it reports to {@code probe} how the group ends.
     */
    private static void runAdapter(
            TaskStatus<Flow.Subscriber<Integer>> status,
            WhiteboxSubscriberProbe<Integer> probe,
            CancelScope cancelled) {
        try {
            cancelled.run(() ->
                    TaskGroup.run(tg -> {
                        var stream = MemoryObjectStream.<Integer>create(0);
                        MemoryObjectReceiveStream<Integer> rx = stream.receiveStream();
                        tg.startSoon("drain", () -> drain(rx, probe));
                        status.started(MemoryStreamFlow.subscriber(tg, stream.sendStream()));
                    }));
        } catch (ExceptionGroup failed) {
            // onError(e): the adapter's task failed with e, and it alone.
            if (failed.exceptions().size() == 1) {
                probe.registerOnError(failed.exceptions().getFirst());
                return;
            }
            throw failed;
        }
        if (!cancelled.cancelCalled()) {
            probe.registerOnComplete(); // onComplete: the adapter closed the stream, all ended
        }
    }

    /** Receives every element from {@code rx} until the end of the stream. */
    private static void drain(
            MemoryObjectReceiveStream<Integer> rx, WhiteboxSubscriberProbe<Integer> probe) {
        try (rx) {
            for (Integer item : rx) {
                probe.registerOnNext(item);
            }
        }
    }
}
