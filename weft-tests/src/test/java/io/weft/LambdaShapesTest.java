package io.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.junit.WeftTest;
import io.weft.thread.BlockingPortal;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lambda shapes Java users write, one per entry point that takes a body: each must compile
 * without casts, {@code return null;} or an ambiguity error, and run the body once. A change that
 * makes any of them ambiguous or uncompilable breaks the build of this file; the assertions check
 * that each shape reached the overload meant for it (a value comes back, a void body ran).
 *
 * <p>Shapes: {@code s -> work()}, {@code s -> { work(); }}, {@code () -> work()}, {@code () ->
 * compute()}, {@code () -> { work(); }}, and method references to void and value methods, with and
 * without the scope parameter, and a body that throws a checked exception (which the entry point
 * then declares). {@code BlockingPortal.call} and {@code startTaskSoon}, called from outside any
 * runtime, take the zero-argument shapes.
 */
class LambdaShapesTest {
    static final Duration LONG = Duration.ofHours(1);

    private final AtomicInteger worked = new AtomicInteger();

    void work() {
        worked.incrementAndGet();
    }

    void workIn(CancelScope scope) {
        assertThat(scope.isActive()).isTrue();
        worked.incrementAndGet();
    }

    static String compute() {
        return "value";
    }

    void read() throws IOException {
        worked.incrementAndGet();
    }

    String readValue() throws IOException {
        return "read";
    }

    @WeftTest
    void cancelScopeRunAndCall() throws IOException {
        new CancelScope().run(s -> work());
        new CancelScope()
                .run(s -> {
                    work();
                });
        new CancelScope().run(() -> work());
        new CancelScope()
                .run(() -> {
                    work();
                });
        new CancelScope().run(this::work);
        new CancelScope().run(this::workIn);
        new CancelScope().run(() -> compute()); // a value is dropped by run
        new CancelScope().run(this::read); // declares IOException
        assertThat(worked).hasValue(7);

        // Assigned first: as an argument of AssertJ's overloaded assertThat, an implicitly typed
        // lambda's result cannot be inferred (a limit of Java's inference, not of these methods).
        String a = new CancelScope().call(s -> compute());
        String b = new CancelScope().call(() -> compute());
        String c = new CancelScope().call(LambdaShapesTest::compute);
        boolean active = new CancelScope().call(s -> s.isActive());
        String d = new CancelScope().call(this::readValue);
        assertThat(a + b + c + d).isEqualTo("valuevaluevalueread");
        assertThat(active).isTrue();
    }

    @WeftTest
    void moveOnAfterAndAt() throws IOException {
        long at = Weft.now() + LONG.toNanos();
        CancelScope[] scopes = {
            Weft.moveOnAfter(LONG, s -> work()),
            Weft.moveOnAfter(
                    LONG,
                    s -> {
                        work();
                    }),
            Weft.moveOnAfter(LONG, () -> work()),
            Weft.moveOnAfter(LONG, this::work),
            Weft.moveOnAfter(LONG, this::workIn),
            Weft.moveOnAfter(LONG, this::read),
            Weft.moveOnAfter(LONG, () -> compute()), // compiles; the value is dropped
            Weft.moveOnAt(at, s -> work()),
            Weft.moveOnAt(at, () -> work()),
            Weft.moveOnAt(at, this::workIn),
            Weft.moveOnAfterShielded(LONG, s -> work()),
            Weft.moveOnAfterShielded(LONG, () -> work()),
            Weft.moveOnAtShielded(at, s -> work()),
            Weft.moveOnAtShielded(at, () -> work()),
        };
        assertThat(worked).hasValue(13);
        for (CancelScope s : scopes) {
            assertThat(s.cancelledCaught()).isFalse();
        }
        assertThat(scopes[6].isShielded()).isFalse();
        assertThat(scopes[10].isShielded()).isTrue();
        assertThat(scopes[13].isShielded()).isTrue();
    }

    @WeftTest
    void failAfterAndAt() throws IOException, TimeoutException {
        long at = Weft.now() + LONG.toNanos();
        Weft.failAfter(LONG, s -> work());
        Weft.failAfter(
                LONG,
                s -> {
                    work();
                });
        Weft.failAfter(LONG, () -> work());
        Weft.failAfter(
                LONG,
                () -> {
                    work();
                });
        Weft.failAfter(LONG, this::work);
        Weft.failAfter(LONG, this::workIn);
        Weft.failAfter(LONG, this::read);
        Weft.failAfter(LONG, "reason", s -> work());
        Weft.failAfter(LONG, "reason", () -> work());
        Weft.failAt(at, s -> work());
        Weft.failAt(at, () -> work());
        Weft.failAt(at, "reason", s -> work());
        Weft.failAt(at, "reason", () -> work());
        assertThat(worked).hasValue(13);

        String a = Weft.failAfter(LONG, () -> compute());
        String b = Weft.failAfter(LONG, LambdaShapesTest::compute);
        String c = Weft.failAfter(LONG, this::readValue);
        String d = Weft.failAfter(LONG, "reason", () -> compute());
        String e = Weft.failAt(at, () -> compute());
        String f = Weft.failAt(at, "reason", LambdaShapesTest::compute);
        int g =
                Weft.failAfter(
                        LONG,
                        () -> {
                            work();
                            return 7;
                        });
        assertThat(a + b + d + e + f).isEqualTo("value".repeat(5));
        assertThat(c).isEqualTo("read");
        assertThat(g).isEqualTo(7);
    }

    @WeftTest
    void shieldedFailForms() throws TimeoutException {
        long at = Weft.now() + LONG.toNanos();
        Weft.failAfterShielded(LONG, "reason", s -> work());
        Weft.failAfterShielded(LONG, "reason", () -> work());
        Weft.failAtShielded(at, "reason", s -> work());
        Weft.failAtShielded(at, "reason", () -> work());
        assertThat(worked).hasValue(4);
        String a = Weft.failAfterShielded(LONG, "reason", () -> compute());
        String b = Weft.failAtShielded(at, "reason", LambdaShapesTest::compute);
        assertThat(a + b).isEqualTo("valuevalue");
    }

    @WeftTest
    void eachVoidShapeStillTimesOut() {
        // The void shapes take the same deadline path as the value shape.
        assertThatThrownBy(() -> Weft.failAfter(Duration.ZERO, s -> Weft.checkpoint()))
                .isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> Weft.failAfter(Duration.ZERO, () -> Weft.checkpoint()))
                .isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> Weft.failAt(Long.MIN_VALUE + 1, "late", () -> Weft.checkpoint()))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("late");
        assertThat(Weft.moveOnAfter(Duration.ZERO, () -> Weft.checkpoint()).cancelledCaught())
                .isTrue();
    }

    @WeftTest
    void taskGroupRunAndCall() {
        TaskGroup.run(tg -> work());
        TaskGroup.run(tg -> {
            tg.startSoon(() -> work());
        });
        TaskGroup.run(tg -> tg.startSoon(this::work)); // the handle is dropped
        TaskGroup.run(this::body);
        assertThat(worked).hasValue(4);
        String a = TaskGroup.call(tg -> compute());
        String b = TaskGroup.call(tg -> tg.startSoon(() -> compute()).join());
        int n = TaskGroup.call(tg -> worked.get());
        assertThat(a + b).isEqualTo("valuevalue");
        assertThat(n).isEqualTo(4);
    }

    void body(TaskGroup tg) {
        tg.startSoon(this::work);
    }

    @WeftTest
    void startSoonAndStart() {
        TaskGroup.run(tg -> {
            TaskHandle<Void> v = tg.startSoon(() -> work());
            TaskHandle<String> s = tg.startSoon(() -> compute());
            TaskHandle<String> r = tg.startSoon(this::readValue);
            TaskHandle<Void> m = tg.startSoon(this::read);
            Integer port = tg.start(status -> status.started(80));
            String started = tg.start(this::startWork);
            StartedTaskHandle<Integer, Void> h = tg.startWithHandle(status -> status.started(1));
            StartedTaskHandle<Integer, String> f =
                    tg.startForResult(status -> {
                        status.started(2);
                        return compute();
                    });
            assertThat(v.join()).isNull();
            assertThat(m.join()).isNull();
            assertThat(s.join() + r.join() + f.join()).isEqualTo("valuereadvalue");
            assertThat(port + h.startValue() + f.startValue()).isEqualTo(83);
            assertThat(started).isEqualTo("ready");
        });
        assertThat(worked).hasValue(3);
    }

    void startWork(TaskStatus<String> status) {
        status.started("ready");
        work();
    }

    @Test
    void blockingPortalCallAndStartTaskSoon() throws Exception {
        try (BlockingPortal portal = BlockingPortal.start()) {
            portal.call(() -> work());
            portal.call(() -> {
                work();
            });
            portal.call(this::work);
            portal.call(this::read);
            String value = portal.call(() -> compute());
            String read = portal.call(this::readValue);
            CompletableFuture<Void> v = portal.startTaskSoon(() -> work());
            CompletableFuture<String> c = portal.startTaskSoon(() -> compute());
            assertThat(v.get()).isNull();
            assertThat(value + read + c.get()).isEqualTo("valuereadvalue");
        }
        assertThat(worked).hasValue(5);
    }
}
