package io.weft.examples;

import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.process.SerializableCallable;
import io.weft.process.ToProcess;
import io.weft.process.ToProcessOptions;
import io.weft.sync.CapacityLimiter;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CPU-bound work in worker JVMs: the primes below two million are counted in eight ranges, each in
 * a {@code ToProcess} call, all started at once; a {@link CapacityLimiter} of two tokens lets two
 * run at a time, and the pool reuses the two workers it started for the six other ranges. The
 * runtime's own tasks stay free meanwhile: the work is in other processes.
 *
 * <p>Expected output (the ranges in order, whichever finished first):
 *
 * <pre>
 * [0, 250000): 22044 primes
 * [250000, 500000): 19494 primes
 * ...
 * [1750000, 2000000): 17325 primes
 * 148933 primes below 2000000, counted by 2 worker JVMs
 * </pre>
 */
public final class WorkerProcesses {
    private WorkerProcesses() {}

    static final int LIMIT = 2_000_000;
    static final int RANGES = 8;
    static final int AT_ONCE = 2;

    /**
     * Counts the primes in {@code [from, to)} by trial division (deliberately CPU-bound), and says
     * which worker counted them.
     */
    record CountPrimes(int from, int to)
            implements SerializableCallable<Counted, RuntimeException> {
        @Override
        public Counted call() {
            int count = 0;
            for (int n = Math.max(from, 2); n < to; n++) {
                boolean prime = true;
                for (int d = 2; (long) d * d <= n; d++) {
                    if (n % d == 0) {
                        prime = false;
                        break;
                    }
                }
                if (prime) {
                    count++;
                }
            }
            return new Counted(count, ProcessHandle.current().pid());
        }
    }

    /** What a worker answers: a count, and which worker counted. */
    record Counted(int count, long pid) implements Serializable {}

    /** Counts the primes. */
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Runs the program, printing to {@code out}. */
    static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    ToProcessOptions twoAtOnce =
                            ToProcessOptions.defaults().limiter(new CapacityLimiter(AT_ONCE));
                    Counted[] counted = new Counted[RANGES];
                    TaskGroup.run(tg -> {
                        for (int i = 0; i < RANGES; i++) {
                            int k = i;
                            CountPrimes range = new CountPrimes(from(k), from(k + 1));
                            tg.startSoon(() -> counted[k] = ToProcess.runSync(twoAtOnce, range));
                        }
                    });
                    int total = 0;
                    Set<Long> workers = ConcurrentHashMap.newKeySet();
                    for (int i = 0; i < RANGES; i++) {
                        out.println(
                                "["
                                        + from(i)
                                        + ", "
                                        + from(i + 1)
                                        + "): "
                                        + counted[i].count()
                                        + " primes");
                        total += counted[i].count();
                        workers.add(counted[i].pid());
                    }
                    out.println(
                            total
                                    + " primes below "
                                    + LIMIT
                                    + ", counted by "
                                    + workers.size()
                                    + " worker JVMs");
                });
    }

    private static int from(int range) {
        return LIMIT / RANGES * range;
    }
}
