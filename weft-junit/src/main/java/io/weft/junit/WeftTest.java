package io.weft.junit;

import io.weft.Backend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method as the root task of a fresh Weft runtime, once per backend; the backend
 * appears in the test's display name ({@code [VIRTUAL]}, {@code [PLATFORM]}).
 *
 * <pre>{@code
 * class TimeoutTest {
 *     @WeftTest
 *     void movesOn() {
 *         CancelScope s = Weft.moveOnAfter(Duration.ofMillis(10), x -> Weft.sleepForever());
 *         assertTrue(s.cancelledCaught());
 *     }
 * }
 * }</pre>
 *
 * <p>Inside the method every Weft API is available. An exception from any task reaches the test
 * through its task group (an {@code ExceptionGroup} with every failure) and fails it.
 *
 * <p><b>Deadline.</b> A test still running after {@link #timeoutSeconds()} is cancelled and fails
 * with a dump of every task of its runtime (name, parent, state, stack) taken at the deadline, so a
 * hung test reports where it hung instead of hanging the build. If its tasks do not stop within a
 * further grace period (they are blocked somewhere that ignores cancellation), the test fails
 * anyway and its runtime's threads are abandoned.
 *
 * <p><b>Virtual time.</b> A method with a {@link io.weft.testing.MockClock} parameter runs on
 * virtual time: each invocation gets a fresh clock (at 0, autojump off) and its runtime reads it.
 *
 * <pre>{@code
 * @WeftTest
 * void sleepsAnHourInNoTime(MockClock clock) {
 *     clock.autojumpThreshold(Duration.ZERO);
 *     Weft.sleep(Duration.ofHours(1));
 *     assertEquals(Duration.ofHours(1).toNanos(), Weft.now());
 * }
 * }</pre>
 *
 * <p><b>Backends.</b> By default every available backend (VIRTUAL, PLATFORM and SERIAL), except
 * SERIAL for tests tagged {@link #PARALLEL}; {@link #backends()} narrows it for one test, and the
 * system property {@code weft.backends} (a comma-separated list, e.g. {@code
 * -Dweft.backends=VIRTUAL}) narrows the default for a whole run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@TestTemplate
@ExtendWith(WeftExtension.class)
public @interface WeftTest {

    /**
     * The JUnit tag ({@code @Tag(WeftTest.PARALLEL)}) of tests that are about tasks running in
     * parallel (tasks blocked outside Weft, threads racing each other): they do not run on {@link
     * Backend#SERIAL}, where one task runs at a time by design.
     */
    String PARALLEL = "parallel";

    /** The backends to run on; empty means the default set (see the class comment). */
    Backend[] backends() default {};

    /** The test's deadline in seconds. */
    long timeoutSeconds() default 30;
}
