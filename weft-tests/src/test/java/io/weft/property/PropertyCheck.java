package io.weft.property;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Runs a property: a check that must hold for every input a {@link Gen} makes. A small harness of
 * Weft's own for property-based tests, run from plain JUnit tests:
 *
 * <pre>{@code
 * @Test
 * void reversingTwiceIsTheIdentity() {
 *     PropertyCheck.forAll(1000, Gen.anyByte().list(0, 100, 10), list -> {
 *         assertThat(reversed(reversed(list))).isEqualTo(list);
 *     });
 * }
 * }</pre>
 *
 * <p><b>Seeds.</b> Try {@code i} of a property makes its input from its own seed, the {@code i}-th
 * number of a PRNG seeded with the property's base seed. The base seed is derived from the
 * property's name (its test class and method), so every run of the suite tries the same inputs, as
 * {@code @WeftTest(seeds = N)} does. System properties change that (Surefire passes {@code -D}
 * options of the Maven command line on to the tests):
 *
 * <ul>
 *   <li>{@code -Dweft.property.seed=S} runs only the try whose seed is {@code S}: the replay a
 *       failure report names (with {@code -Dtest=Class#method}, so that no other property runs it).
 *   <li>{@code -Dweft.property.base=B} derives the tries' seeds from {@code B} instead ({@code
 *       random}: a fresh base each run), to explore other inputs; {@code -Dweft.property.tries=N}
 *       runs {@code N} tries per property instead of each property's own number.
 * </ul>
 *
 * <p><b>Shrinking.</b> On a failure the harness looks for a simpler input that fails the same way
 * (the same exception class): it deletes runs of the failing input's {@link Choices} and lowers
 * single choices, keeping each change that still fails, until no change helps, or 1,000 more tries
 * or 60 seconds have been spent. The report names the seed, the input as generated and as shrunk,
 * and has the shrunk input's failure as its cause (the original failure is suppressed in it when
 * they differ).
 */
public final class PropertyCheck {
    /** How many extra runs shrinking may spend. */
    static final int SHRINK_RUNS = 1000;

    /**
     * How long shrinking may take: a property whose failure is a hang (a timeout in the check)
     * would otherwise spend a timeout on every run.
     */
    static final long SHRINK_NANOS = 60_000_000_000L;

    private PropertyCheck() {}

    /** A property's check of one input; any exception or error means the property fails. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T input) throws Exception;
    }

    /**
     * Checks {@code check} on {@code tries} inputs of {@code gen} (fewer or more if the system
     * properties above say so) and throws an {@link AssertionError} describing the first input that
     * fails, shrunk.
     */
    public static <T> void forAll(int tries, Gen<T> gen, Check<? super T> check) {
        forAll(callerName(), tries, gen, check);
    }

    /** As {@link #forAll(int, Gen, Check)}, for the property named {@code name}. */
    public static <T> void forAll(String name, int tries, Gen<T> gen, Check<? super T> check) {
        String seedGiven = System.getProperty("weft.property.seed");
        if (seedGiven != null) {
            long seed = Long.parseLong(seedGiven.replaceFirst("[lL]$", ""));
            runTry(name, 0, 1, seed, gen, check);
            return;
        }
        String triesGiven = System.getProperty("weft.property.tries");
        int n = triesGiven != null ? Integer.parseInt(triesGiven) : tries;
        SplittableRandom seeds = new SplittableRandom(baseSeed(name));
        for (int i = 0; i < n; i++) {
            runTry(name, i, n, seeds.nextLong(), gen, check);
        }
    }

    /** The base seed of the property {@code name}: see the class comment. */
    static long baseSeed(String name) {
        String base = System.getProperty("weft.property.base");
        if (base == null) {
            long h = 1125899906842597L; // a string hash over 64 bits, stable across JDKs
            for (int i = 0; i < name.length(); i++) {
                h = 31 * h + name.charAt(i);
            }
            return new SplittableRandom(h).nextLong();
        }
        return base.equals("random") ? new SplittableRandom().nextLong() : Long.parseLong(base);
    }

    private static <T> void runTry(
            String name, int index, int tries, long seed, Gen<T> gen, Check<? super T> check) {
        Choices choices = Choices.seeded(seed);
        T input = gen.generate(choices);
        Throwable failure = attempt(check, input);
        if (failure == null) {
            return;
        }
        String shownInput = Show.show(input);
        Shrunk<T> shrunk = shrink(gen, check, choices.made(), input, failure);
        String method = name.replace('.', '#');
        String header =
                "property "
                        + name
                        + " failed on try "
                        + (index + 1)
                        + " of "
                        + tries
                        + " (seed "
                        + seed
                        + "L; replay it with -Dtest="
                        + method
                        + " -Dweft.property.seed="
                        + seed
                        + ")";
        String body =
                shrunk.steps == 0
                        ? "\ninput: " + shownInput
                        : "\ninput as generated: "
                                + shownInput
                                + "\nshrunk in "
                                + shrunk.steps
                                + " steps ("
                                + shrunk.runs
                                + " runs) to: "
                                + Show.show(shrunk.input);
        AssertionError report =
                new AssertionError(
                        header + body + "\nfailure: " + summary(shrunk.failure), shrunk.failure);
        if (shrunk.failure != failure) {
            shrunk.failure.addSuppressed(failure);
        }
        throw report;
    }

    /** The failure's class and message on one line, cut at 500 characters. */
    private static String summary(Throwable t) {
        String s = t.toString().replaceAll("\\s*\\R\\s*", " ").strip();
        return s.length() <= 500 ? s : s.substring(0, 500) + "...";
    }

    /** What {@code check} threw on {@code input}, or null. */
    private static <T> Throwable attempt(Check<? super T> check, T input) {
        try {
            check.check(input);
            return null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return t;
        }
    }

    private record Shrunk<T>(T input, Throwable failure, int steps, int runs) {}

    private static <T> Shrunk<T> shrink(
            Gen<T> gen, Check<? super T> check, long[] start, T input, Throwable failure) {
        Class<?> kind = failure.getClass();
        long[] best = start;
        T bestInput = input;
        Throwable bestFailure = failure;
        int steps = 0;
        int runs = 0;
        long deadline = System.nanoTime() + SHRINK_NANOS;
        boolean improved = true;
        while (improved && runs < SHRINK_RUNS) {
            improved = false;
            // Delete runs of choices, longest first: whole list elements, tails, parts of values.
            for (int size = 16; size >= 1; size /= 2) {
                for (int i = 0; i + size <= best.length && runs < SHRINK_RUNS; ) {
                    if (System.nanoTime() - deadline > 0) {
                        runs = SHRINK_RUNS; // out of time: stop here
                        break;
                    }
                    long[] candidate = new long[best.length - size];
                    System.arraycopy(best, 0, candidate, 0, i);
                    System.arraycopy(best, i + size, candidate, i, best.length - i - size);
                    runs++;
                    Attempt<T> a = replay(gen, check, candidate);
                    if (a != null && a.failure.getClass() == kind && simpler(a.made, best)) {
                        best = a.made;
                        bestInput = a.input;
                        bestFailure = a.failure;
                        steps++;
                        improved = true;
                    } else {
                        i++;
                    }
                }
            }
            // Lower single choices: to zero, halfway, by one.
            for (int i = 0; i < best.length && runs < SHRINK_RUNS; i++) {
                if (System.nanoTime() - deadline > 0) {
                    runs = SHRINK_RUNS;
                    break;
                }
                long v = best[i];
                for (long lower : new long[] {0, v / 2, v - 1}) {
                    if (lower < 0 || lower >= v || runs >= SHRINK_RUNS) {
                        continue;
                    }
                    long[] candidate = best.clone();
                    candidate[i] = lower;
                    runs++;
                    Attempt<T> a = replay(gen, check, candidate);
                    if (a != null && a.failure.getClass() == kind && simpler(a.made, best)) {
                        best = a.made;
                        bestInput = a.input;
                        bestFailure = a.failure;
                        steps++;
                        improved = true;
                        break;
                    }
                }
            }
        }
        return new Shrunk<>(bestInput, bestFailure, steps, runs);
    }

    private record Attempt<T>(T input, Throwable failure, long[] made) {}

    /** The input {@code choices} make and its failure, or null if it passes (or cannot be made). */
    private static <T> Attempt<T> replay(Gen<T> gen, Check<? super T> check, long[] choices) {
        Choices c = Choices.replaying(choices);
        T input;
        try {
            input = gen.generate(c);
        } catch (RuntimeException runaway) {
            return null; // e.g. zeros that never end a list with a minimum it cannot reach
        }
        Throwable t = attempt(check, input);
        return t == null ? null : new Attempt<>(input, t, c.made());
    }

    /** Shorter, or as long and lexicographically smaller: what makes shrinking end. */
    private static boolean simpler(long[] a, long[] b) {
        return a.length != b.length ? a.length < b.length : Arrays.compare(a, b) < 0;
    }

    /** {@code Class.method} of the test method that called {@link #forAll}. */
    private static String callerName() {
        return StackWalker.getInstance()
                .walk(frames ->
                        frames.filter(f -> !f.getClassName().equals(PropertyCheck.class.getName()))
                                .findFirst()
                                .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName())
                                .orElse("property"));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
