package io.weft.bench.scale;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the scale probes share: the heap after a forced collection, the process's resident set,
 * medians, the wait until raw virtual threads are parked, the command of a child JVM, and the
 * {@code SCALE} output line.
 *
 * <p>Heap figures come from {@link java.lang.management.MemoryMXBean} after three {@link
 * System#gc()} calls (a collection can leave work, such as cleared references and their referents,
 * for the next one; a third costs little); parked virtual threads keep their stacks in heap
 * objects, so the heap figure includes them. The resident set is {@code VmRSS} from {@code
 * /proc/self/status}: what the process costs the machine, heap growth and native memory together.
 */
final class Probe {
    private Probe() {}

    /** The heap in use after forcing collections, in bytes. */
    static long heapUsedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The resident set size of this process, in bytes ({@code VmRSS}; Linux only). */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status (not Linux?)");
    }

    /** The median of {@code values} (the upper one of the middle two for an even count). */
    static long median(long[] values, int count) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[count / 2];
    }

    /**
     * Waits until every thread is {@link Thread.State#WAITING}: a thread that has counted down its
     * "about to park" latch may still be on its way into the park, and a thread that is not yet
     * unmounted still holds its carrier and has not frozen its stack into the heap.
     */
    static void awaitWaiting(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
    }

    /**
     * The command that runs {@code ScaleMain args...} in a fresh JVM with this JVM's flags, then
     * {@code extraFlags}, on this JVM's class path.
     */
    static List<String> childJvm(List<String> extraFlags, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ScaleMain.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Prints one point in the format bench/scale and bench/plot parse (see {@link ScaleMain}). */
    static void report(
            String series, int n, double weft, double baseline, String unit, String extra) {
        String line =
                String.format(
                        Locale.ROOT,
                        "SCALE %s n=%d weft=%.1f baseline=%.1f unit=%s ratio=%.2f%s",
                        series,
                        n,
                        weft,
                        baseline,
                        unit,
                        baseline > 0 ? weft / baseline : 0.0,
                        extra.isEmpty() ? "" : " " + extra);
        System.out.println(line);
        System.out.flush();
    }
}
