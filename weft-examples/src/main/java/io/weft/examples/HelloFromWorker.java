package io.weft.examples;

import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.process.SerializableCallable;
import io.weft.process.ToProcess;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Scenario S17, a function in a worker process: "Running functions in worker processes" on AnyIO's
 * "Using subprocesses" page (subprocesses.rst). The function is a named {@link
 * SerializableCallable} class, as AnyIO's must be importable: the worker JVM loads it from the
 * class path it shares with this program.
 *
 * <p>Expected output, after about 1 s (the function's sleep, plus the worker JVM's start):
 *
 * <pre>
 * Hello, world!
 * The function ran in another JVM: true
 * The worker JVM is gone after Weft.run: true
 * </pre>
 */
public final class HelloFromWorker {
    private HelloFromWorker() {}

    /** Sleeps, then greets: what runs in the worker. */
    public static final class Hello implements SerializableCallable<String, InterruptedException> {
        private static final long serialVersionUID = 1L;

        private final Duration delay;

        /** A greeting after {@code delay}. */
        public Hello(Duration delay) {
            this.delay = delay;
        }

        @Override
        public String call() throws InterruptedException {
            Thread.sleep(delay);
            return "Hello, " + "world!";
        }
    }

    /** Asks a worker JVM for the greeting. */
    public static void main(String[] args) throws InterruptedException {
        run(Examples.options(args), System.out, Duration.ofSeconds(1));
    }

    /** Runs the scenario; the worker sleeps {@code delay} before it answers. */
    static void run(RunOptions options, PrintStream out, Duration delay)
            throws InterruptedException {
        ProcessHandle worker =
                Weft.run(
                        options,
                        () -> {
                            String greeting = ToProcess.runSync(new Hello(delay));
                            out.println(greeting);
                            // The next call reuses the same worker: ask it who it is.
                            long pid = ToProcess.runSync(() -> ProcessHandle.current().pid());
                            out.println(
                                    "The function ran in another JVM: "
                                            + (pid != ProcessHandle.current().pid()));
                            return ProcessHandle.of(pid).orElseThrow();
                        });
        out.println("The worker JVM is gone after Weft.run: " + !worker.isAlive());
    }
}
