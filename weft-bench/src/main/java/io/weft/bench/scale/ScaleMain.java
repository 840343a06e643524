package io.weft.bench.scale;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How Weft's costs grow with the number of tasks: one point of one scale series per run, printed as
 * one line per series.
 *
 * <pre>
 * java -Xmx8g -cp ... io.weft.bench.scale.ScaleMain &lt;probe&gt; &lt;n&gt;
 *
 *   parked     n tasks parked on one Event vs n virtual threads on a CountDownLatch
 *              (series parkedHeapPerTask and parkedRssPerTask, bytes per task)
 *   spawnJoin  n empty tasks spawned and joined in one group vs raw virtual threads
 *              (series spawnJoinPerTask, ns per task)
 *   cancelAll  n parked tasks cancelled, cancel() to the group's exit, vs raw virtual threads
 *              interrupted by parallel interrupters (series cancelAllPerTask, ns per task)
 *   cancelAllDeep  the same Weft side, vs raw virtual threads parked as deep in their stacks as
 *              the tasks and unwound by an exception when interrupted (series
 *              cancelAllDeepPerTask, ns per task)
 *   deadline   enter and exit of moveOnAfter(1 h) with n deadlines pending vs none pending
 *              (series deadlineEnterExit, ns per operation)
 *   connections  n loopback connections doing 64-byte round trips at once, Weft server and
 *              clients vs blocking sockets on virtual threads (series connectionsRoundTrip, ns
 *              per round trip)
 * </pre>
 *
 * <p>Output, one line per series: {@code SCALE <series> n=<n> weft=<x> baseline=<y> unit=<unit>
 * ratio=<x/y> [reps=<r>]}. bench/scale runs one JVM per point and collects these lines; bench/plot
 * draws them. This is a plain program rather than JMH: a point at a million tasks takes seconds to
 * set up, is measured a few times at most, and for memory must own its JVM.
 *
 * <p>{@code parked} runs each side in a child JVM with this JVM's flags (see {@link ParkedMemory}
 * for why); the internal probe {@code parkedSide <weft|baseline> <n>} is that child. {@code
 * connections} runs each side's echo server and clients in two child JVMs (see {@link Connections}
 * for why): {@code connectionsServer <weft|baseline>} and {@code connectionsClient <weft|baseline>
 * <n> <port>}.
 */
public final class ScaleMain {
    private ScaleMain() {}

    /** Runs one probe at one n (see the class comment). */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("parkedSide")) {
            ParkedMemory.side(args[1], parseN(args[2]));
            return;
        }
        if (args.length == 2 && args[0].equals("connectionsServer")) {
            Connections.server(args[1]);
            return;
        }
        if (args.length == 4 && args[0].equals("connectionsClient")) {
            Connections.client(args[1], parseN(args[2]), parseN(args[3]));
            return;
        }
        if (args.length != 2) {
            usage();
        }
        int n = parseN(args[1]);
        switch (args[0]) {
            case "parked" -> parked(n);
            case "spawnJoin" -> SpawnCancel.spawnJoin(n);
            case "cancelAll" -> SpawnCancel.cancelAll(n);
            case "cancelAllDeep" -> SpawnCancel.cancelAllDeep(n);
            case "deadline" -> PendingDeadlines.enterExit(n);
            case "connections" -> Connections.roundTrips(n);
            default -> usage();
        }
    }

    private static int parseN(String s) {
        int n = Integer.parseInt(s);
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, was " + n);
        }
        return n;
    }

    private static void usage() {
        System.err.println(
                "usage: ScaleMain <parked|spawnJoin|cancelAll|cancelAllDeep|deadline|connections> <n>");
        System.exit(2);
    }

    private static void parked(int n) throws IOException, InterruptedException {
        double[] weft = parkedSide("weft", n);
        double[] raw = parkedSide("baseline", n);
        Probe.report("parkedHeapPerTask", n, weft[0], raw[0], "bytes", "");
        Probe.report("parkedRssPerTask", n, weft[1], raw[1], "bytes", "");
    }

    /** Runs one side of {@code parked} in a fresh JVM; returns heap and RSS bytes per task. */
    private static double[] parkedSide(String side, int n)
            throws IOException, InterruptedException {
        // See ParkedMemory: the heap must not shrink.
        List<String> command =
                Probe.childJvm(
                        List.of("-XX:MaxHeapFreeRatio=100"),
                        "parkedSide",
                        side,
                        Integer.toString(n));
        Process child =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = child.waitFor();
        for (String line : out.split("\n")) {
            if (exit == 0 && line.startsWith("SIDE ")) {
                String[] f = line.split(" ");
                return new double[] {
                    Double.parseDouble(f[1].substring("heap=".length())),
                    Double.parseDouble(f[2].substring("rss=".length()))
                };
            }
        }
        throw new IllegalStateException(
                "the " + side + " side at n=" + n + " failed (exit " + exit + "): " + out);
    }
}
