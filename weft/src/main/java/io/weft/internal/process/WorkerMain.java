package io.weft.internal.process;

import io.weft.process.SerializableCallable;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The main class of a worker JVM ({@code ToProcess}): reads functions from its standard input, runs
 * them one at a time on its main thread, and writes each outcome to its standard output, in the
 * frames of {@link Frames}.
 *
 * <p><b>The pipes are the protocol's alone.</b> Before any function runs, {@code System.out} is
 * pointed at the standard error (which the runtime drains, keeping its tail to explain a worker's
 * death) and {@code System.in} at an empty stream, so that a function that prints or reads cannot
 * corrupt the frames. (Code that writes to file descriptor 1 itself still can; the runtime then
 * sees a broken frame and retires the worker.)
 *
 * <p><b>Ending.</b> The worker exits when its standard input ends (the runtime closed it or died),
 * when its parent process exits (a daemon thread watches it, so a worker busy in a long function
 * does not outlive a runtime that was killed), and otherwise when the runtime kills it. It never
 * exits because of a function's failure: every outcome, even one it cannot serialize, becomes a
 * frame.
 *
 * <p>Loads only JDK classes, this package's {@link Frames} and {@link WorkerObjects}, and the
 * function's interface, so a worker starts as fast as a JVM can.
 */
public final class WorkerMain {
    /** The exit status when the runtime's frames make no sense (a bug, or a stray writer). */
    static final int PROTOCOL_ERROR = 70;

    private static final long PARENT_CHECK_MILLIS = 1000;

    private WorkerMain() {}

    /**
     * Runs the worker: answers READY, then serves calls until the standard input ends.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        InputStream rawIn = new FileInputStream(FileDescriptor.in);
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.setIn(InputStream.nullInputStream());
        DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 65536));
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        try {
            out.write(Frames.ready());
            out.flush();
            new ParentWatch().start(); // after READY: its class loading is not on the way
            for (; ; ) {
                Frames.Frame f = Frames.read(in);
                if (f == null) {
                    System.exit(0); // the runtime closed the pipe: it wants no more calls
                }
                if (f.type() != Frames.CALL) {
                    System.err.println("weft worker: unexpected frame type " + f.type());
                    System.exit(PROTOCOL_ERROR);
                }
                out.write(answer(f.payload(), loader));
                out.flush();
            }
        } catch (IOException e) {
            // The pipes broke (the runtime is gone) or a frame was corrupt: nobody to answer.
            System.err.println("weft worker: " + e);
            System.exit(PROTOCOL_ERROR);
        }
    }

    /**
     * Halts the worker when its parent exits, so that a worker busy in a long function does not
     * outlive a runtime that was killed (an idle one sees its input end). A daemon thread that
     * looks once a second: {@code ProcessHandle.onExit} would poll as well, for a process that is
     * not our child, and costs tens of milliseconds of start-up (its executor, lambdas). No lambdas
     * here either, for the same reason: each first lambda costs a bootstrap.
     */
    private static final class ParentWatch extends Thread {
        ParentWatch() {
            super("weft-worker-parent-watch");
            setDaemon(true);
        }

        @Override
        public void run() {
            ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
            if (parent == null) {
                return;
            }
            try {
                while (parent.isAlive()) {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(1);
        }
    }

    /** Runs the function serialized in {@code call} and returns the frame of its outcome. */
    static byte[] answer(byte[] call, ClassLoader loader) {
        SerializableCallable<?, ?> fn;
        try {
            fn = (SerializableCallable<?, ?>) WorkerObjects.read(call, loader);
        } catch (Throwable e) {
            return failed("the worker could not read the function: " + e, e);
        }
        Object value;
        try {
            value = fn.call();
        } catch (Throwable thrown) {
            byte type = thrown instanceof VirtualMachineError ? Frames.THREW_FATAL : Frames.THREW;
            try {
                return Frames.serialized(type, thrown);
            } catch (Throwable e) {
                return failed(
                        "the function threw "
                                + thrown
                                + ", which could not be serialized to be sent back: "
                                + e,
                        e);
            }
        }
        try {
            return Frames.serialized(Frames.RETURNED, value);
        } catch (Throwable e) {
            return failed(
                    "the function's result, a "
                            + value.getClass().getName()
                            + ", could not be serialized to be sent back: "
                            + e,
                    e);
        }
    }

    /**
     * A FAILED frame: {@code {message, cause}}, or {@code {message, null}} if the cause won't go.
     */
    private static byte[] failed(String message, Throwable cause) {
        try {
            return Frames.serialized(Frames.FAILED, new Object[] {message, cause});
        } catch (Throwable e) {
            try {
                return Frames.serialized(Frames.FAILED, new Object[] {message, null});
            } catch (Throwable again) {
                return Frames.frame(Frames.FAILED, new byte[0]);
            }
        }
    }
}
