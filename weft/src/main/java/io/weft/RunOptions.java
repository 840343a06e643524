package io.weft;

import io.weft.testing.MockClock;
import io.weft.testing.ScheduleTrace;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Weft#run(RunOptions, CheckedCallable)} runs: the backend, the root task's name, the
 * clock and, for the {@link Backend#SERIAL SERIAL} backend, the scheduling seed, a trace to record
 * and the stall warning, and the {@link Instrument}s that watch it. Immutable; each setter returns
 * a new instance.
 *
 * <pre>{@code
 * Weft.run(RunOptions.defaults().backend(Backend.PLATFORM).rootTaskName("server"), () -> serve());
 *
 * ScheduleTrace trace = new ScheduleTrace();
 * Weft.run(RunOptions.defaults().backend(Backend.SERIAL).seed(42).trace(trace), () -> test());
 *
 * MockClock clock = new MockClock().autojumpThreshold(Duration.ZERO);
 * Weft.run(RunOptions.defaults().clock(clock), () -> Weft.sleep(Duration.ofHours(1))); // instant
 * }</pre>
 *
 * <p>{@code seed}, {@code trace} and {@code stallWarning} apply to the SERIAL backend only: {@code
 * Weft.run} rejects them with an {@link IllegalArgumentException} on another backend.
 */
public final class RunOptions {
    /** The default {@link #stallWarning()}: one second. */
    public static final Duration DEFAULT_STALL_WARNING = Duration.ofSeconds(1);

    /** The default {@link #threadIdleTimeout()}: ten seconds, as AnyIO's worker threads. */
    public static final Duration DEFAULT_THREAD_IDLE_TIMEOUT = Duration.ofSeconds(10);

    private static final RunOptions DEFAULTS =
            new RunOptions(Backend.VIRTUAL, null, null, null, null, null, null, List.of());

    private final Backend backend;
    private final String rootTaskName;
    private final MockClock clock;
    private final Long seed;
    private final ScheduleTrace trace;
    private final Duration stallWarning;
    private final Duration threadIdleTimeout;
    private final List<Instrument> instruments;

    private RunOptions(
            Backend backend,
            String rootTaskName,
            MockClock clock,
            Long seed,
            ScheduleTrace trace,
            Duration stallWarning,
            Duration threadIdleTimeout,
            List<Instrument> instruments) {
        this.backend = backend;
        this.rootTaskName = rootTaskName;
        this.clock = clock;
        this.seed = seed;
        this.trace = trace;
        this.stallWarning = stallWarning;
        this.threadIdleTimeout = threadIdleTimeout;
        this.instruments = instruments;
    }

    /** Backend {@link Backend#VIRTUAL}; the root task named after its code's class. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code backend}. */
    public RunOptions backend(Backend backend) {
        Objects.requireNonNull(
                backend, "backend is null: pass Backend.VIRTUAL (the default), PLATFORM or SERIAL");
        return new RunOptions(
                backend,
                rootTaskName,
                clock,
                seed,
                trace,
                stallWarning,
                threadIdleTimeout,
                instruments);
    }

    /**
     * These options with the root task named {@code name}; null names it after its code's class
     * (the default).
     */
    public RunOptions rootTaskName(String name) {
        return new RunOptions(
                backend, name, clock, seed, trace, stallWarning, threadIdleTimeout, instruments);
    }

    /**
     * These options with the runtime on virtual time: {@link Weft#now()}, sleeps and deadlines read
     * {@code clock}, which moves only when the test tells it to (see {@link MockClock}). Null means
     * the system clock (the default). The clock is checked when the run starts: it must not be in
     * use by another running runtime.
     */
    public RunOptions clock(MockClock clock) {
        return new RunOptions(
                backend,
                rootTaskName,
                clock,
                seed,
                trace,
                stallWarning,
                threadIdleTimeout,
                instruments);
    }

    /**
     * These options with a scheduling seed (SERIAL only): among the tasks ready to run, the
     * scheduler picks with a PRNG seeded with {@code seed} instead of first-in-first-out. The same
     * program with the same seed runs in the same order (as long as nothing outside the runtime,
     * such as real time, makes tasks ready), so a failure found with one seed can be replayed.
     */
    public RunOptions seed(long seed) {
        return new RunOptions(
                backend,
                rootTaskName,
                clock,
                seed,
                trace,
                stallWarning,
                threadIdleTimeout,
                instruments);
    }

    /**
     * These options recording the SERIAL scheduler's handoffs into {@code trace} (which is cleared
     * when the run starts); null records nothing (the default).
     */
    public RunOptions trace(ScheduleTrace trace) {
        return new RunOptions(
                backend,
                rootTaskName,
                clock,
                seed,
                trace,
                stallWarning,
                threadIdleTimeout,
                instruments);
    }

    /**
     * These options with the SERIAL stall warning set to {@code threshold}: a task that holds the
     * runtime for longer than that without reaching a Weft checkpoint (it blocks outside Weft, or
     * computes without checkpoints) is reported with its name and stack through the {@link
     * System.Logger} named {@code io.weft}, at level WARNING, once per stall. The warning comes
     * between one and one and a quarter thresholds into the stall (the watchdog samples four times
     * per threshold, so that a handoff costs it nothing but a counter).
     *
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public RunOptions stallWarning(Duration threshold) {
        Objects.requireNonNull(
                threshold,
                "threshold is null: pass RunOptions.DEFAULT_STALL_WARNING (1 s, the default), or a"
                        + " longer Duration to warn later");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException(
                    "the stall warning threshold must be positive, was " + threshold);
        }
        return new RunOptions(
                backend,
                rootTaskName,
                clock,
                seed,
                trace,
                threshold,
                threadIdleTimeout,
                instruments);
    }

    /**
     * These options keeping an idle worker thread of {@code io.weft.thread.ToThread} for {@code
     * timeout} before it ends (default {@link #DEFAULT_THREAD_IDLE_TIMEOUT}). Workers are reused
     * while they are kept; every worker ends when the run ends, whatever this is.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public RunOptions threadIdleTimeout(Duration timeout) {
        Objects.requireNonNull(
                timeout,
                "timeout is null: pass RunOptions.DEFAULT_THREAD_IDLE_TIMEOUT (10 s, the default)");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(
                    "the thread idle timeout must not be negative, was " + timeout);
        }
        return new RunOptions(
                backend, rootTaskName, clock, seed, trace, stallWarning, timeout, instruments);
    }

    /**
     * These options with {@code instrument} added to the runtime's instruments, after those already
     * added: the runtime calls it as its tasks are spawned, scheduled, wait and exit (see {@link
     * Instrument}). An instrument added twice is called twice.
     */
    public RunOptions instrument(Instrument instrument) {
        Objects.requireNonNull(
                instrument,
                "instrument is null: pass an Instrument, or leave instrument() out for none");
        Instrument[] more = instruments.toArray(new Instrument[instruments.size() + 1]);
        more[more.length - 1] = instrument;
        return new RunOptions(
                backend,
                rootTaskName,
                clock,
                seed,
                trace,
                stallWarning,
                threadIdleTimeout,
                List.of(more));
    }

    /** The backend. */
    public Backend backend() {
        return backend;
    }

    /** The root task's name, or null to derive it from the root body's class. */
    public String rootTaskName() {
        return rootTaskName;
    }

    /** The virtual clock, or null for the system clock. */
    public MockClock clock() {
        return clock;
    }

    /** The scheduling seed, or null for FIFO order. */
    public Long seed() {
        return seed;
    }

    /** The trace to record into, or null. */
    public ScheduleTrace trace() {
        return trace;
    }

    /** The stall warning threshold ({@link #DEFAULT_STALL_WARNING} unless set). */
    public Duration stallWarning() {
        return stallWarning != null ? stallWarning : DEFAULT_STALL_WARNING;
    }

    /** The instruments, in the order they were added (empty unless some were). */
    public List<Instrument> instruments() {
        return instruments;
    }

    /** How long an idle worker thread is kept ({@link #DEFAULT_THREAD_IDLE_TIMEOUT} unless set). */
    public Duration threadIdleTimeout() {
        return threadIdleTimeout != null ? threadIdleTimeout : DEFAULT_THREAD_IDLE_TIMEOUT;
    }

    /**
     * Checks that the SERIAL-only options are used with SERIAL.
     *
     * @throws IllegalArgumentException if not
     */
    void validate() {
        if (backend != Backend.SERIAL) {
            String only =
                    seed != null
                            ? "seed"
                            : trace != null
                                    ? "trace"
                                    : stallWarning != null ? "stallWarning" : null;
            if (only != null) {
                throw new IllegalArgumentException(
                        "RunOptions."
                                + only
                                + " applies to Backend.SERIAL only, but the backend is "
                                + backend);
            }
        }
    }

    @Override
    public String toString() {
        return "RunOptions[backend="
                + backend
                + ", rootTaskName="
                + rootTaskName
                + (clock != null ? ", clock=" + clock : "")
                + (seed != null ? ", seed=" + seed : "")
                + (stallWarning != null ? ", stallWarning=" + stallWarning : "")
                + (threadIdleTimeout != null ? ", threadIdleTimeout=" + threadIdleTimeout : "")
                + (instruments.isEmpty() ? "" : ", instruments=" + instruments)
                + "]";
    }
}
