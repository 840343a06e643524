package io.weft.internal.process;

import io.weft.internal.WeftRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How a runtime starts and retires its worker JVMs: the command, the start-up deadline (real time)
 * and how long a worker may stay idle (runtime time, so a virtual clock retires workers in no real
 * time). The defaults are AnyIO's: 20 s and 300 s. Tests give a runtime other settings with {@link
 * #use} before its first {@code ToProcess} call.
 *
 * @param command the program and arguments that start a worker
 * @param startTimeout how long a new worker has to answer READY, in real time
 * @param maxIdle how long an idle worker is kept, on the runtime's clock
 */
public record WorkerSettings(List<String> command, Duration startTimeout, Duration maxIdle) {
    private static final Object KEY = new Object(); // run-variable key
    private static final String MAIN = WorkerMain.class.getName();

    /** Validates and copies. */
    public WorkerSettings {
        command = List.copyOf(command);
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(maxIdle, "maxIdle");
    }

    /** The defaults: {@link #javaCommand(String)} of {@link WorkerMain}, 20 s, 300 s. */
    public static WorkerSettings defaults() {
        return new WorkerSettings(
                javaCommand(MAIN), Duration.ofSeconds(20), Duration.ofSeconds(300));
    }

    /** Makes {@code rt} use {@code settings} for the workers it has not started yet. */
    public static void use(WeftRuntime rt, WorkerSettings settings) {
        rt.runVars().put(KEY, settings);
    }

    /** The settings of {@code rt}: those given to {@link #use}, else the defaults. */
    static WorkerSettings of(WeftRuntime rt) {
        Object s = rt.runVars().get(KEY);
        return s != null ? (WorkerSettings) s : defaults();
    }

    /**
     * The command that runs {@code mainClass} in a JVM like this one: this JVM's {@code java}, its
     * class path, and, when Weft is a named module of the boot layer, its module path and the same
     * root modules, launching {@code io.weft/mainClass}. JVM output that would go to the standard
     * output (unified logging's warnings, crash reports) goes to the standard error, which the
     * protocol does not use; {@code --enable-preview} and {@code jdk.serialFilter} are passed on.
     * Other options of this JVM (heap size, agents, other system properties) are not.
     */
    public static List<String> javaCommand(String mainClass) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add("-Xlog:disable");
        cmd.add("-Xlog:all=warning:stderr");
        cmd.add("-XX:+DisplayVMOutputToStderr");
        if (ProcessHandle.current()
                .info()
                .arguments()
                .map(a -> List.of(a).contains("--enable-preview"))
                .orElse(false)) {
            cmd.add("--enable-preview");
        }
        String filter = System.getProperty("jdk.serialFilter");
        if (filter != null) {
            cmd.add("-Djdk.serialFilter=" + filter);
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(classPath);
        }
        Module weft = WorkerMain.class.getModule();
        if (weft.isNamed() && weft.getLayer() == ModuleLayer.boot()) {
            String modulePath = System.getProperty("jdk.module.path");
            if (modulePath != null && !modulePath.isEmpty()) {
                cmd.add("--module-path");
                cmd.add(modulePath);
            }
            // The caller's function lives in a module that requires io.weft, not the other way
            // round: resolve every module this JVM has, or the worker could not load it.
            cmd.add("--add-modules");
            cmd.add(
                    ModuleLayer.boot().modules().stream()
                            .map(Module::getName)
                            .sorted()
                            .collect(Collectors.joining(",")));
            cmd.add("-m");
            cmd.add(weft.getName() + "/" + mainClass);
        } else {
            cmd.add(mainClass);
        }
        return cmd;
    }

    /**
     * This JVM's launcher: {@code java.home/bin/java} (the process's own executable may be a native
     * launcher that embeds the JVM, which would start the application again).
     */
    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
