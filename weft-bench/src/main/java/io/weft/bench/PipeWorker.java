package io.weft.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The baseline of the worker-JVM benchmarks: what a program would write by hand without Weft. A
 * child JVM started with {@code ProcessBuilder} runs this main class, which reads length-prefixed
 * serialized {@link Call}s from its standard input, runs them and writes each serialized result
 * back; the parent ({@link Parent}) talks to it with blocking streams from the calling thread.
 */
public final class PipeWorker {
    private PipeWorker() {}

    /** A function the baseline sends: a serializable {@link Callable}. */
    public interface Call extends Callable<Object>, Serializable {}

    /** Serves calls until the standard input ends. */
    public static void main(String[] args) throws Exception {
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(System.out));
        for (; ; ) {
            byte[] call;
            try {
                call = new byte[in.readInt()];
            } catch (EOFException e) {
                return;
            }
            in.readFully(call);
            Object fn;
            try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(call))) {
                fn = o.readObject();
            }
            byte[] result = serialize(((Call) fn).call());
            out.writeInt(result.length);
            out.write(result);
            out.flush();
        }
    }

    static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** The caller's side: one child JVM running {@link PipeWorker}, used with blocking streams. */
    static final class Parent implements AutoCloseable {
        private final Process process;
        private final DataOutputStream out;
        private final DataInputStream in;

        /** Starts the child with this JVM's java and class path. */
        Parent() throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            process =
                    new ProcessBuilder(
                                    List.of(
                                            java,
                                            "-cp",
                                            System.getProperty("java.class.path"),
                                            PipeWorker.class.getName()))
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        }

        /** Sends {@code fn} and returns what it returned. */
        Object call(Call fn) throws Exception {
            byte[] request = serialize(fn);
            out.writeInt(request.length);
            out.write(request);
            out.flush();
            byte[] answer = new byte[in.readInt()];
            in.readFully(answer);
            try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(answer))) {
                return o.readObject();
            }
        }

        /** Kills the child and waits for it. */
        @Override
        public void close() {
            // onExit().join(), not waitFor(): a close() that throws InterruptedException is a
            // javac warning on every try-with-resources of this class.
            process.destroyForcibly().onExit().join();
        }
    }
}
