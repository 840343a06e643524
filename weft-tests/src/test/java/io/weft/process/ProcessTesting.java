package io.weft.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.EndOfStream;
import io.weft.stream.ByteReceiveStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the process tests share: commands, reading a stream to its end, and leak checks. */
final class ProcessTesting {
    private ProcessTesting() {}

    /**
     * Options for a {@code run} of a program that must not read the test JVM's standard input
     * (Surefire's fork reads its commands from it): the input is the null device.
     */
    static final ProcessOptions NO_INPUT = ProcessOptions.defaults().stdin(Redirect.DISCARD);

    /** {@code /bin/sh -c script}: what {@code runShell} runs. */
    static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    /** UTF-8 bytes of {@code s}. */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything left in {@code stream}, up to its end. */
    static byte[] readToEnd(ByteReceiveStream stream) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            for (; ; ) {
                all.writeBytes(stream.receive());
            }
        } catch (EndOfStream end) {
            return all.toByteArray();
        }
    }

    /** Everything left in {@code stream}, decoded as UTF-8. */
    static String readText(ByteReceiveStream stream) {
        return new String(readToEnd(stream), StandardCharsets.UTF_8);
    }

    /** The JVM's direct children that are still alive. */
    static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
    }

    /** The number of file descriptors the JVM has open. */
    static int openDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        assertThat(fds).as("/proc/self/fd is readable").isNotNull();
        return fds.length;
    }

    /** Whether this machine has {@code /proc/self/fd} (Linux). */
    static boolean hasProcFd() {
        return new File("/proc/self/fd").isDirectory();
    }

    /**
     * Joins every process thread ({@code weft-process-*}) of ended runs and asserts that none is
     * left. A pump whose stream was closed ends when its pipe's last writer closes it (the killed
     * child), after the run has returned; the join waits for exactly that. The bound only turns a
     * hang into a failure; it is not an expectation of how long it takes.
     */
    static void joinProcessThreads() throws InterruptedException {
        List<Thread> left = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("weft-process-")) {
                t.join(TimeUnit.SECONDS.toMillis(30));
                if (t.isAlive()) {
                    left.add(t);
                }
            }
        }
        assertThat(left).as("process threads still alive after their run").isEmpty();
    }

    /** A new temporary directory, for files a test redirects to. */
    static Path tempDir() throws Exception {
        return Files.createTempDirectory("weft-process");
    }

    /** Deletes {@code dir} and the files in it. */
    static void deleteDir(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.delete(dir);
    }
}
