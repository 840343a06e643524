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
 * appears in the test's display name ({@code [VIRTUAL]}, {@code [PLATFORM]}, {@code [SERIAL]}).
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
 * <p>{@link #clock()} selects the clock without a parameter: {@link Clock#AUTOJUMP} runs the test
 * on a fresh clock that jumps to the next deadline whenever every task is blocked, so an hour of
 * sleeps takes no real time; a {@code MockClock} parameter then receives that clock.
 *
 * <p><b>Backends.</b> By default every available backend (VIRTUAL, PLATFORM and SERIAL), except
 * SERIAL for tests tagged {@link #PARALLEL}; {@link #backends()} narrows it for one test, and the
 * system property {@code weft.backends} (a comma-separated list, e.g. {@code
 * -Dweft.backends=VIRTUAL}) narrows the default for a whole run.
 *
 * <p><b>Seeds.</b> On SERIAL, tasks run one at a time in FIFO order; {@link #seeds()} {@code = N}
 * runs the test N times on SERIAL only, each time with its own scheduling seed ({@link
 * io.weft.RunOptions#seed(long)}), so that N different interleavings of its tasks are tried. The
 * seeds are derived from the test's unique id, so every run of the suite tries the same ones. An
 * invocation that fails names its seed, and {@link #seed()} replays exactly that interleaving:
 *
 * <pre>{@code
 * @WeftTest(seeds = 100)   // fails: "... failed with seed 4852326283287066330;
 * void counterIsRaceFree() { ... }     //   replay with @WeftTest(seed = 4852326283287066330L)"
 *
 * @WeftTest(seed = 4852326283287066330L)   // that interleaving, every time, to debug it
 * void counterIsRaceFree() { ... }
 * }</pre>
 *
 * A seeded test runs on SERIAL whatever {@code weft.backends} says; giving both {@code seed} and
 * {@code seeds}, giving either with {@link #backends()} that do not include SERIAL, or with a test
 * tagged {@link #PARALLEL}, is a configuration error.
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

    /**
     * The value of {@link #seed()} that means "no seed" (the default): {@code Long.MIN_VALUE},
     * which is therefore not usable as a seed here (a derived seed never takes it).
     */
    long NO_SEED = Long.MIN_VALUE;

    /**
     * Runs the test once, on SERIAL, with this scheduling seed (to replay a failure found with
     * {@link #seeds()}); {@link #NO_SEED} (the default) means no seed.
     */
    long seed() default NO_SEED;

    /**
     * Runs the test this many times on SERIAL, each time with a different seed derived from the
     * test's unique id and the invocation's index (display name {@code [SERIAL seed=<S>]}); 0 (the
     * default) means no seeds.
     */
    int seeds() default 0;

    /** The clock of each invocation's runtime (default {@link Clock#SYSTEM}). */
    Clock clock() default Clock.SYSTEM;

    /** The clock a {@code @WeftTest} runs on. */
    enum Clock {
        /**
         * The system clock; but a method with a {@link io.weft.testing.MockClock} parameter runs on
         * a fresh mock clock, as with {@link #MOCK}.
         */
        SYSTEM,

        /** A fresh {@link io.weft.testing.MockClock} per invocation, at 0, autojump off. */
        MOCK,

        /**
         * A fresh {@link io.weft.testing.MockClock} per invocation with autojump threshold 0: it
         * jumps to the next deadline as soon as every task is blocked.
         */
        AUTOJUMP
    }
}
