package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code StructuredTaskScope} programs of docs/coming-from-kotlin-and-structured-task-scope.md,
 * in {@code weft-examples/src/test/sts}: the page's STS blocks are regions of them (checked by
 * {@link DocSamplesTest}, as every sample).
 *
 * <p>{@code StructuredTaskScope} is a preview API in Java 25 (JEP 505), and the build does not
 * enable preview features: Maven does not compile these files. This test compiles them itself, with
 * the JDK's compiler in process ({@code --release 25 --enable-preview}, every lint but {@code
 * preview}, no warning allowed), then runs each in a JVM of its own with {@code --enable-preview}
 * and checks what it prints. When a later JDK changes the API again (it has changed from one
 * preview to the next), this test is what fails.
 */
class StructuredTaskScopeSamplesTest {
    private static final Path SOURCES = DocSamples.root().resolve("weft-examples/src/test/sts");

    @TempDir static Path classes;

    @BeforeAll
    static void compile() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("the JDK's compiler (a JDK, not a JRE, runs the tests)").isNotNull();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES)) {
            files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(files).hasSize(5);
        try (StandardJavaFileManager fm =
                javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options =
                    List.of(
                            "--release",
                            "25",
                            "--enable-preview",
                            "-Xlint:all,-preview",
                            "-d",
                            classes.toString());
            boolean ok =
                    javac.getTask(
                                    null,
                                    fm,
                                    diagnostics,
                                    options,
                                    null,
                                    fm.getJavaFileObjectsFromPaths(files))
                            .call();
            List<String> problems =
                    diagnostics.getDiagnostics().stream()
                            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                            .map(d -> d.toString())
                            .toList();
            assertThat(problems).as("errors and warnings").isEmpty();
            assertThat(ok).isTrue();
        }
    }

    /** Runs {@code program} in a JVM of its own with preview features on; returns its output. */
    private static List<String> run(String program) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path output = classes.resolve(program + ".out");
        Process p =
                new ProcessBuilder(
                                java.toString(),
                                "--enable-preview",
                                "-cp",
                                classes.toString(),
                                program)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(
                    program + " did not end within 30 s; it printed " + Files.readAllLines(output));
        }
        List<String> lines = Files.readAllLines(output);
        assertThat(p.exitValue()).as("%s's exit status; it printed %s", program, lines).isZero();
        return lines;
    }

    @Test
    void fanOut() throws Exception {
        assertThat(run("StsFanOut"))
                .containsExactly(
                        "all three: [page /a, page /b, page /c]",
                        "failed: java.io.IOException: 503 Service Unavailable: /broken",
                        "first answer: page /mirror-2");
    }

    @Test
    void timeLimits() throws Exception {
        assertThat(run("StsTimeLimits"))
                .containsExactly("timed out: the subtask was interrupted after 500 ms, not 10 s");
    }

    @Test
    void pipeline() throws Exception {
        List<String> lines = run("StsPipeline");
        assertThat(lines).hasSize(1).allMatch(l -> l.matches("\\[\\d+(, \\d+)*\\]"));
        List<Integer> squares = new ArrayList<>();
        Arrays.stream(lines.getFirst().replaceAll("[\\[\\]]", "").split(", "))
                .map(Integer::valueOf)
                .forEach(squares::add);
        assertThat(squares).as("in any order").containsExactlyInAnyOrder(1, 4, 9, 16, 25);
    }

    @Test
    void cancellingBlockingCode() throws Exception {
        assertThat(run("StsCancellingBlockingCode"))
                .containsExactly(
                        "join() threw StructuredTaskScope.TimeoutException; take() was"
                                + " interrupted");
    }

    @Test
    void echoServer() throws Exception {
        assertThat(run("StsEchoServer"))
                .containsExactly(
                        "client 1 got: hello",
                        "client 1 got: world",
                        "client 2 got: ping",
                        "server stopped: its scopes have closed",
                        "client 2: the server closed the connection");
    }
}
