package io.weft.stream;

import io.weft.Backend;
import io.weft.BrokenResourceError;
import io.weft.TaskGroup;
import io.weft.Weft;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.AfterMethod;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's publisher rules for {@link MemoryStreamFlow#publisher}, on one backend
 * (a subclass per backend).
 *
 * <p>A publisher of {@code n} elements is the adapter over a rendezvous stream into which a task
 * sends {@code 0, 1, ..., n-1} and which it then closes; its task group lives until the end of the
 * test. The failed publisher is the adapter over a closed stream, which its documentation says
 * refuses every subscriber with {@code onSubscribe} and {@code onError} (rule 1.9). {@code
 * subscribe} is called in a task of the runtime (the adapter also accepts it from any thread).
 */
public abstract class MemoryStreamFlowPublisherTck extends FlowPublisherVerification<Integer> {
    private final Backend backend;
    private FlowTckRuntime runtime;

    MemoryStreamFlowPublisherTck(Backend backend) {
        super(FlowTckRuntime.environment(), FlowTckRuntime.PUBLISHER_REFERENCE_GC_TIMEOUT_MILLIS);
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
    public Flow.Publisher<Integer> createFlowPublisher(long elements) {
        return runtime.subscribedInside(
                runtime.open(
                        "publisher of " + elements,
                        status ->
                                TaskGroup.run(tg -> {
                                    var stream = MemoryObjectStream.<Integer>create(0);
                                    MemoryObjectSendStream<Integer> tx = stream.sendStream();
                                    try (MemoryObjectReceiveStream<Integer> rx =
                                            stream.receiveStream()) {
                                        tg.startSoon("producer", () -> produce(tx, elements));
                                        status.started(MemoryStreamFlow.publisher(tg, rx));
                                        Weft.sleepForever(); // until the end of the test
                                    }
                                })));
    }

    /** Sends {@code 0, 1, ..., elements - 1} into {@code tx}, then closes it. */
    private static void produce(MemoryObjectSendStream<Integer> tx, long elements) {
        try (tx) {
            for (long i = 0; i < elements; i++) {
                tx.send((int) i);
            }
        } catch (BrokenResourceError noReceivers) {
            // The test has ended: its host has closed the receive stream.
        }
    }

    @Override
    public Flow.Publisher<Integer> createFailedFlowPublisher() {
        return runtime.subscribedInside(
                runtime.open(
                        "failed publisher",
                        status ->
                                TaskGroup.run(tg -> {
                                    var stream = MemoryObjectStream.<Integer>create(0);
                                    stream.close();
                                    status.started(
                                            MemoryStreamFlow.publisher(tg, stream.receiveStream()));
                                    Weft.sleepForever(); // the group stays open; the stream not
                                })));
    }
}
