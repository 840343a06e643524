package io.weft.diag;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.process.CompletedProcess;
import io.weft.process.Processes;
import io.weft.stream.MemoryObjectStream;
import io.weft.thread.ToThread;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * {@code -Dweft.jfr=false} removes Weft's JFR events: a child JVM that records all of them around a
 * run that passes every kind of site records none with the property, and some without it.
 */
class JfrOffTest {
    // The backend plays no part in the property: one is enough for the two child JVMs.
    @WeftTest(backends = Backend.VIRTUAL)
    void thePropertyRemovesEveryEvent() throws IOException {
        assertThat(childCount()).isGreaterThan(0);
        assertThat(childCount("-Dweft.jfr=false")).isZero();
    }

    private static long childCount(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        CompletedProcess r = Processes.run(command);
        return Long.parseLong(r.stdoutText().strip());
    }

    /** Run in a child JVM: prints how many Weft events a recording of all of them got. */
    static final class Main {
        private Main() {}

        /** Records a run that passes every event site, with thresholds at 0, and counts. */
        public static void main(String[] args) throws Exception {
            Path file = Files.createTempFile("weft-jfr-off", ".jfr");
            try {
                try (Recording r = new Recording()) {
                    for (String name : JfrEventsTest.EVENTS) {
                        r.enable(name).withThreshold(Duration.ZERO);
                    }
                    r.start();
                    Weft.run(() -> {
                        MemoryObjectStream<String> s = MemoryObjectStream.create(0);
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> s.sendStream().send("x")); // waits for receive
                            Weft.waitAllTasksBlocked();
                            s.receiveStream().receive();
                            ToThread.runSync(() -> 1);
                            Weft.moveOnAfter(Duration.ofMillis(1), sc -> Weft.sleepForever());
                        });
                    });
                    r.stop();
                    r.dump(file);
                }
                System.out.println(
                        RecordingFile.readAllEvents(file).stream()
                                .filter(e -> e.getEventType().getName().startsWith("io.weft."))
                                .count());
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
