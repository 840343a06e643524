package io.weft.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.Weft;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ToProcess when Weft is a named module: a program in its own module ({@code weft.demo}, which
 * requires {@code io.weft}) is compiled here and run on the module path; it sends a lambda of its
 * own module to a worker, which must be started on the module path too (with {@code -m io.weft/...}
 * and the program's modules resolved) to load it. The rest of the suite runs on the class path.
 */
@Timeout(120)
class ToProcessModulePathTest {
    @TempDir static Path dir;

    private static Path demo;

    private static final String MODULE_INFO = "module weft.demo { requires io.weft; }\n";

    private static final String MAIN =
            """
            package demo;

            import io.weft.Backend;
            import io.weft.RunOptions;
            import io.weft.Weft;
            import io.weft.process.ToProcess;

            public class Main {
                public static void main(String[] args) {
                    RunOptions options = RunOptions.defaults().backend(Backend.valueOf(args[0]));
                    String answer = Weft.run(options, () -> ToProcess.runSync(() ->
                            ProcessHandle.current().pid() + " "
                                    + Main.class.getModule().getName() + " "
                                    + ToProcess.class.getModule().getName()));
                    System.out.println(ProcessHandle.current().pid() + " asked; " + answer);
                }
            }
            """;

    @BeforeAll
    static void compileTheProgram() throws IOException, URISyntaxException {
        Path src = dir.resolve("src/weft.demo");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("demo/Main.java"), MAIN);
        demo = dir.resolve("out/weft.demo");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status =
                javac.run(
                        null,
                        null,
                        null,
                        "-d",
                        demo.toString(),
                        "--module-path",
                        weft().toString(),
                        src.resolve("module-info.java").toString(),
                        src.resolve("demo/Main.java").toString());
        assertThat(status).as("javac's status").isZero();
    }

    /** Where io.weft's classes are (a directory or a jar with its module-info). */
    private static Path weft() throws URISyntaxException {
        return Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFunctionOfANamedModuleRunsInAWorkerOnTheModulePath(Backend backend) throws Exception {
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String modulePath = weft() + File.pathSeparator + demo;
        CompletedProcess r =
                Weft.run(() ->
                        Processes.run(
                                List.of(
                                        launcher,
                                        "--module-path",
                                        modulePath,
                                        "-m",
                                        "weft.demo/demo.Main",
                                        backend.name())));
        String[] words = r.stdoutText().strip().split("[ ;]+");
        // "<program pid> asked <worker pid> weft.demo io.weft"
        assertThat(words).hasSize(5);
        assertThat(words[1]).isEqualTo("asked");
        assertThat(words[2]).isNotEqualTo(words[0]);
        assertThat(words[3]).isEqualTo("weft.demo");
        assertThat(words[4]).isEqualTo("io.weft");
    }
}
