package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.WeftRuntime;
import io.weft.junit.WeftTest;
import io.weft.process.CompletedProcess;
import io.weft.process.Processes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Which thread the runtime's poller runs on (ADR 0027): a virtual thread where the tasks are
 * virtual threads and the scheduler has two carriers or more, a platform thread with one carrier or
 * on the PLATFORM backend; and a virtual poller's {@code select} parks it without ever pinning its
 * carrier. Checked in child JVMs whose carrier count is set, each serving TCP round trips under a
 * JFR recording of {@code jdk.VirtualThreadPinned}.
 */
class PollerThreadTest {

    // The child JVMs do not depend on this test's backend.
    @WeftTest(backends = Backend.VIRTUAL, timeoutSeconds = 120)
    void thePollerIsVirtualOnlyWhereItsTasksAreAndHaveTwoCarriers() throws IOException {
        assertThat(child(2, Backend.VIRTUAL)).isEqualTo("virtual=true pinned=0");
        assertThat(child(2, Backend.SERIAL)).isEqualTo("virtual=true pinned=0");
        assertThat(child(1, Backend.VIRTUAL)).isEqualTo("virtual=false pinned=0");
        assertThat(child(2, Backend.PLATFORM)).isEqualTo("virtual=false pinned=0");
    }

    private static String child(int carriers, Backend backend) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djdk.virtualThreadScheduler.parallelism=" + carriers);
        command.add("-Djdk.virtualThreadScheduler.maxPoolSize=" + carriers);
        command.addAll(
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        backend.name()));
        CompletedProcess r = Processes.run(command);
        assertThat(r.stderrText()).as("stderr, %d carriers, %s", carriers, backend).isEmpty();
        return r.stdoutText().strip();
    }

    /**
     * Run in the child JVM: 200 TCP round trips on the backend named by its argument; prints
     * whether the poller was a virtual thread and how often a poller thread pinned its carrier.
     */
    static final class Main {
        private static final int ROUNDS = 200;

        private Main() {}

        public static void main(String[] args) throws Exception {
            Backend backend = Backend.valueOf(args[0]);
            Path file = Files.createTempFile("weft-poller", ".jfr");
            boolean[] virtual = new boolean[1];
            try {
                try (Recording r = new Recording()) {
                    r.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO);
                    r.start();
                    Weft.run(
                            RunOptions.defaults().backend(backend),
                            () -> {
                                roundTrips();
                                virtual[0] = WeftRuntime.current().poller().onVirtualThread();
                            });
                    r.stop();
                    r.dump(file);
                }
                long pinned = 0;
                for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                    if (e.getThread() != null
                            && e.getThread().getJavaName() != null
                            && e.getThread().getJavaName().startsWith("weft-poller")) {
                        pinned++;
                    }
                }
                System.out.println("virtual=" + virtual[0] + " pinned=" + pinned);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        private static void roundTrips() throws IOException {
            try (SocketListener listener = Net.createTcpListener("127.0.0.1", 0)) {
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        try (SocketStream s = listener.accept()) {
                            ByteBuffer b = ByteBuffer.allocate(64);
                            for (int i = 0; i < ROUNDS; i++) {
                                b.clear();
                                while (b.hasRemaining()) {
                                    s.receive(b);
                                }
                                s.send(b.flip());
                            }
                        }
                    });
                    try (SocketStream c =
                            Net.connectTcp("127.0.0.1", listener.localAddress().getPort())) {
                        ByteBuffer out = ByteBuffer.allocate(64);
                        ByteBuffer in = ByteBuffer.allocate(64);
                        for (int i = 0; i < ROUNDS; i++) {
                            c.send(out.clear());
                            in.clear();
                            while (in.hasRemaining()) {
                                c.receive(in);
                            }
                        }
                    }
                });
            }
        }
    }
}
