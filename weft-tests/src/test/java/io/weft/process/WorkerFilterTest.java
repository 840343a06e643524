package io.weft.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.Backend;
import io.weft.BrokenWorkerProcess;
import io.weft.Weft;
import io.weft.internal.Task;
import io.weft.junit.WeftTest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issue 15: the {@code ObjectInputFilter} through which both sides of the worker protocol read
 * (docs/worker-processes.md, "Serialization, the filter, and trust"). Its shape bound, at its
 * documented limit, in both directions: a frame whose stream announces a longer array than the
 * bound is a {@link BrokenWorkerProcess} whose cause is the filter's rejection, and the worker
 * stays in the pool; a value that the bound must admit (a sparse hash set) crosses both ways. And
 * {@code jdk.serialFilter}: merged with the bound on both sides, and passed on to the worker, in a
 * child JVM started with the property (it can be set only when a JVM starts).
 *
 * <p>Forged streams reach the worker as CALL frames given to the pool directly, and the caller as
 * the answers of {@link ForgingWorker}, a fake worker: {@code ToProcess} itself only sends what
 * {@code ObjectOutputStream} wrote, which keeps within the bound.
 */
class WorkerFilterTest {
    /** The documented bound: no array longer than this many times the frame's payload bytes. */
    private static final int ARRAY_SLOTS_PER_BYTE = 8;

    // The filter is the same code on every backend: one is enough, and saves JVM starts.

    @WeftTest(backends = Backend.VIRTUAL)
    void aCallAnnouncingALongerArrayThanTheBoundIsRejectedInTheWorkerWhichIsKept() {
        int limit = ARRAY_SLOTS_PER_BYTE * announcing(0).length;

        // Admitted by the filter at the limit: the worker then finds the elements missing.
        assertBrokenBy(
                catchThrowable(() -> forgedCall(limit)),
                "could not read the function",
                EOFException.class);
        long worker = Workers.pool().workerPids().getFirst();

        assertRejected(catchThrowable(() -> forgedCall(limit + 1)), "could not read the function");
        assertThat(Workers.workerPid())
                .as("the same worker serves the next call")
                .isEqualTo(worker);
    }

    @WeftTest(backends = Backend.VIRTUAL)
    void anAnswerAnnouncingALongerArrayThanTheBoundIsRejectedInTheCallerAndTheWorkerIsKept() {
        Workers.startWith(ForgingWorker.class.getName(), Duration.ofSeconds(20));

        assertBrokenBy(
                catchThrowable(() -> ToProcess.runSync(() -> 0)),
                "cannot be read here",
                EOFException.class);
        long worker = Workers.pool().workerPids().getFirst();

        assertRejected(catchThrowable(() -> ToProcess.runSync(() -> 0)), "cannot be read here");
        // The fake's third answer is its pid, read as any result.
        assertThat(Workers.workerPid())
                .as("the same worker serves the next call")
                .isEqualTo(worker);
    }

    /**
     * {@code thrown} is a {@code BrokenWorkerProcess} saying {@code message}, caused by a {@code
     * cause}.
     */
    private static void assertBrokenBy(
            Throwable thrown, String message, Class<? extends Throwable> cause) {
        assertThat(thrown)
                .isExactlyInstanceOf(BrokenWorkerProcess.class)
                .hasMessageContaining(message)
                .cause()
                .isInstanceOf(cause);
    }

    /**
     * {@code thrown} is a {@code BrokenWorkerProcess} saying {@code message}: the filter refused.
     */
    private static void assertRejected(Throwable thrown, String message) {
        assertBrokenBy(thrown, message, InvalidClassException.class);
        assertThat(thrown.getCause()).hasMessageContaining("REJECTED");
    }

    // A HashSet or HashMap with a load factor of 0.25 is read into a table of up to 8 slots per
    // element (the JDK checks its length with the filter, as an array's), while an element of 2
    // chars takes 5 bytes of the stream: a bound of one slot per byte rejected it.
    @WeftTest(backends = Backend.VIRTUAL)
    void aSparseHashSetAndHashMapCrossBothWays() {
        Set<String> set = new HashSet<>(16, 0.25f);
        Map<String, String> map = new HashMap<>(16, 0.25f);
        for (int i = 0; i < 1025; i++) {
            set.add(Integer.toString(i, 36));
            map.put(Integer.toString(i, 36), null);
        }
        // One per call: beside each other, each would have the other's bytes to spare.
        assertThat(ToProcess.runSync(() -> set.size())).isEqualTo(1025);
        assertThat(ToProcess.runSync(() -> map.size())).isEqualTo(1025);
        Set<String> back =
                ToProcess.runSync(() -> {
                    Set<String> s = new HashSet<>(16, 0.25f);
                    for (int i = 0; i < 1025; i++) {
                        s.add(Integer.toString(i, 36));
                    }
                    return s;
                });
        assertThat(back).isEqualTo(set);
        Map<String, String> mapBack =
                ToProcess.runSync(() -> {
                    Map<String, String> m = new HashMap<>(16, 0.25f);
                    for (int i = 0; i < 1025; i++) {
                        m.put(Integer.toString(i, 36), null);
                    }
                    return m;
                });
        assertThat(mapBack).isEqualTo(map);
    }

    // ---------------------------------------------------------------- jdk.serialFilter

    private static final String PATTERN = "!" + Forbidden.class.getName();

    @WeftTest(backends = Backend.VIRTUAL)
    void jdkSerialFilterIsMergedWithTheBoundOnBothSidesAndPassedOnToTheWorker() throws IOException {
        Map<String, String> with = child("-Djdk.serialFilter=" + PATTERN);
        assertThat(with.get("worker's filter")).isEqualTo(PATTERN);
        // Rejected by the worker, the only side that reads the function.
        assertThat(with.get("call"))
                .startsWith("BrokenWorkerProcess")
                .contains("could not read the function")
                .contains("InvalidClassException", "REJECTED");
        // Rejected by the caller, the only side that reads the result.
        assertThat(with.get("result"))
                .startsWith("BrokenWorkerProcess")
                .contains("cannot be read here")
                .contains("InvalidClassException", "REJECTED");
        // Merged, not replaced: the shape bound holds beside the property's pattern.
        assertThat(with.get("forged call"))
                .startsWith("BrokenWorkerProcess")
                .contains("InvalidClassException", "REJECTED");
        assertThat(with.get("same worker")).isEqualTo("true");

        // The same program without the property: the class crosses both ways.
        Map<String, String> without = child();
        assertThat(without.get("worker's filter")).isEqualTo("null");
        assertThat(without.get("call")).isEqualTo("returned forbidden fruit");
        assertThat(without.get("result")).isEqualTo("returned forbidden fruit");
        assertThat(without.get("same worker")).isEqualTo("true");
    }

    /** Runs {@link FilterMain} in a child JVM with {@code jvmOptions}; its report, by key. */
    private static Map<String, String> child(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), FilterMain.class.getName()));
        CompletedProcess r = Processes.run(command, ProcessTesting.NO_INPUT);
        Map<String, String> report = new HashMap<>();
        for (String line : r.stdoutText().lines().toList()) {
            int colon = line.indexOf(": ");
            report.put(line.substring(0, colon), line.substring(colon + 2));
        }
        assertThat(report)
                .as("the child's report; its standard error: %s", r.stderrText())
                .containsKeys("worker's filter", "call", "result", "forged call", "same worker");
        return report;
    }

    /** A class that {@link #PATTERN} rejects. */
    static final class Forbidden implements Serializable {
        @Serial private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "forbidden fruit";
        }
    }

    /** Run in the child JVM: calls that send a {@link Forbidden} each way, and a forged one. */
    static final class FilterMain {
        private FilterMain() {}

        /** Prints one {@code key: outcome} line per call. */
        public static void main(String[] args) {
            Weft.run(() -> {
                long worker = Workers.workerPid();
                System.out.println(
                        "worker's filter: "
                                + ToProcess.runSync(() ->
                                        String.valueOf(System.getProperty("jdk.serialFilter"))));
                Forbidden f = new Forbidden();
                System.out.println("call: " + outcome(() -> ToProcess.runSync(f::toString)));
                System.out.println(
                        "result: " + outcome(() -> ToProcess.runSync(() -> new Forbidden())));
                int limit = ARRAY_SLOTS_PER_BYTE * announcing(0).length;
                System.out.println("forged call: " + outcome(() -> forgedCall(limit + 1)));
                System.out.println("same worker: " + (Workers.workerPid() == worker));
            });
        }

        private interface Call {
            Object call() throws Throwable;
        }

        /** "returned <value>", or the exception's class and message and its cause's, one line. */
        private static String outcome(Call c) {
            try {
                return "returned " + c.call();
            } catch (Throwable e) {
                return (e.getClass().getSimpleName() + ": " + e.getMessage() + " / " + e.getCause())
                        .replace('\n', ' ');
            }
        }
    }

    // ---------------------------------------------------------------- forging

    private static final byte CALL = 'C';
    private static final byte RETURNED = 'R';
    private static final byte READY = 'Y';

    /**
     * A serialized {@code byte[]} whose stream announces {@code length} elements and holds none:
     * the filter sees the length before the array is allocated, and rejects it if it is too long.
     */
    static byte[] announcing(int length) {
        byte[] s = serialized(new byte[0]);
        ByteBuffer.wrap(s).putInt(s.length - Integer.BYTES, length); // the stream ends in it
        return s;
    }

    private static byte[] serialized(Object o) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return b.toByteArray();
    }

    /** A frame of the worker protocol: 'W' 'f', its type, its length, big-endian, its payload. */
    private static byte[] frame(byte type, byte[] payload) {
        return ByteBuffer.allocate(7 + payload.length)
                .put((byte) 'W')
                .put((byte) 'f')
                .put(type)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    /** Sends a CALL whose function is an array announcing {@code length} elements. */
    static Object forgedCall(int length) throws Throwable {
        return Workers.pool()
                .call(
                        Task.current(),
                        frame(CALL, announcing(length)),
                        WorkerFilterTest.class.getClassLoader(),
                        ToProcess.currentDefaultProcessLimiter(),
                        false);
    }

    /**
     * A fake worker that answers its calls with forged results: an array announcing as many
     * elements as the bound admits, then one more, then its pid, which is a real result.
     */
    static final class ForgingWorker {
        private ForgingWorker() {}

        /** Serves calls until its input ends. */
        public static void main(String[] args) throws IOException {
            DataInputStream in = new DataInputStream(new FileInputStream(FileDescriptor.in));
            OutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(frame(READY, "io.weft worker protocol 1".getBytes(StandardCharsets.UTF_8)));
            out.flush();
            int limit = ARRAY_SLOTS_PER_BYTE * announcing(0).length;
            List<byte[]> answers =
                    List.of(
                            announcing(limit),
                            announcing(limit + 1),
                            serialized(ProcessHandle.current().pid()));
            for (int call = 0; ; call++) {
                byte[] header = new byte[7];
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return; // the runtime closed the pipe
                }
                in.skipNBytes(ByteBuffer.wrap(header, 3, 4).getInt());
                out.write(frame(RETURNED, answers.get(Math.min(call, answers.size() - 1))));
                out.flush();
            }
        }
    }
}
