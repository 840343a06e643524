package io.weft.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.diag.DiagnosticsMBean;
import io.weft.sync.Event;
import io.weft.thread.ToThread;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import org.junit.jupiter.api.Test;

/**
 * The diagnostics MBean: its operations in this JVM, and {@code scripts/weft-dump} reading another
 * JVM's task tree through it.
 */
class WeftDumpScriptTest {
    private static final String NAME = "io.weft:type=Diagnostics";

    @Test
    void theMBeanServesTheTaskTreesOfThisJvm() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        AtomicReference<String> text = new AtomicReference<>();
        AtomicReference<String> withStacks = new AtomicReference<>();
        AtomicReference<String> json = new AtomicReference<>();
        Event never = new Event();
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    tg.startSoon("seen-over-jmx", never::await);
                    Weft.waitAllTasksBlocked();
                    ToThread.runSync(DiagnosticsMBean::awaitRegistration); // registered meanwhile
                    text.set((String) server.invoke(name, "dumpTaskTree", null, null));
                    withStacks.set(
                            (String) server.invoke(name, "dumpTaskTreeWithStacks", null, null));
                    json.set((String) server.invoke(name, "dumpTaskTreeJson", null, null));
                    tg.cancel();
                }));
        assertThat(text.get()).contains("'seen-over-jmx' PARKED in io.weft.sync.Event.await");
        assertThat(withStacks.get()).contains("at io.weft.sync.Event.await(");
        assertThat(JsonReader.parse(json.get()).toString()).contains("seen-over-jmx");
        assertThatThrownBy(() -> server.invoke(name, "dumpEverything", null, null))
                .isInstanceOf(ReflectionException.class)
                .hasStackTraceContaining("no operation dumpEverything");
    }

    @Test
    void weftDumpPrintsTheTaskTreeOfAnotherJvm() throws Exception {
        Path script = Path.of("..", "scripts", "weft-dump").toAbsolutePath().normalize();
        assertThat(Files.isExecutable(script)).as(script.toString()).isTrue();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                ParkedForDump.class.getName())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).startsWith("READY ");
            String pid = ready.substring("READY ".length());

            Process dump =
                    new ProcessBuilder(script.toString(), pid).redirectErrorStream(true).start();
            String printed =
                    new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(dump.waitFor()).as(printed).isZero();
            assertThat(printed)
                    .startsWith("Weft runtime ")
                    .contains("'dump-me' PARKED in io.weft.sync.Event.await");

            Process json =
                    new ProcessBuilder(script.toString(), pid, "--json")
                            .redirectErrorStream(true)
                            .start();
            String printedJson =
                    new String(json.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json.waitFor()).as(printedJson).isZero();
            assertThat(JsonReader.parse(printedJson).toString()).contains("dump-me");

            child.getOutputStream().close(); // the program ends when its input closes
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly().waitFor();
        }
    }
}
