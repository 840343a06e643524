package io.weft.process;

import io.weft.thread.ToThread;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A one-shot gate between a test and a function running in a worker JVM: a named pipe, whose
 * opening blocks until both ends are there. The function blocks in {@link #await()} until the test
 * calls {@link #open()}; or, the other way round, the test blocks in {@link #awaitSignal()} until
 * the function calls {@link #signal()}. No polling, no sleeps: the test knows where the function
 * is.
 *
 * @param path the named pipe
 */
record Gate(String path) implements Serializable {
    /** Makes a gate named {@code name} in {@code dir}. */
    static Gate create(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        Processes.run(List.of("mkfifo", p.toString()));
        return new Gate(p.toString());
    }

    /** In the worker: returns once the test has opened the gate. */
    void await() throws IOException {
        Files.readAllBytes(Path.of(path));
    }

    /** In the worker: returns once the test has seen the signal. */
    void signal() throws IOException {
        Files.write(Path.of(path), new byte[] {1});
    }

    /** In the test: returns once the function has signalled (waiting in a worker thread). */
    void awaitSignal() throws IOException {
        ToThread.runSync(() -> Files.readAllBytes(Path.of(path)));
    }

    /** In the test: opens the gate, once the function is waiting at it. */
    void open() throws IOException {
        ToThread.runSync(() -> Files.write(Path.of(path), new byte[] {1}));
    }
}
