package io.weft.internal.process;

import io.weft.BrokenWorkerProcess;
import io.weft.Cancelled;

/**
 * Turns a worker's answer into the outcome of the {@code ToProcess.runSync} call: the value it
 * returned, or what it threw (the same class, with the worker's frames, and a suppressed {@link
 * ThrownInWorker} showing the caller's), or a {@link BrokenWorkerProcess} when the answer says the
 * call could not be carried out or cannot be read here.
 */
final class WorkerAnswers {
    private WorkerAnswers() {}

    /**
     * The value of {@code answer} from worker {@code pid}, deserialized with {@code loader} first;
     * or throws what it carries.
     */
    static Object outcome(Frames.Frame answer, long pid, ClassLoader loader) throws Throwable {
        switch (answer.type()) {
            case Frames.RETURNED -> {
                return read(answer, pid, loader, "the function's result");
            }
            case Frames.THREW, Frames.THREW_FATAL -> {
                Object thrown = read(answer, pid, loader, "what the function threw");
                if (thrown instanceof Cancelled c) {
                    // Not this caller's cancellation: rethrown, it would look like one.
                    throw new BrokenWorkerProcess(
                            "the function in worker process "
                                    + pid
                                    + " ended with a Cancelled of its own runtime",
                            c);
                }
                if (!(thrown instanceof Throwable e)) {
                    throw new BrokenWorkerProcess(
                            "worker process "
                                    + pid
                                    + " sent a "
                                    + type(thrown)
                                    + " as an exception");
                }
                e.addSuppressed(new ThrownInWorker(pid));
                throw e;
            }
            case Frames.FAILED -> throw failed(answer, pid, loader);
            default ->
                    throw new BrokenWorkerProcess(
                            "worker process "
                                    + pid
                                    + " answered with a frame of unknown type "
                                    + answer.type());
        }
    }

    private static Object read(Frames.Frame answer, long pid, ClassLoader loader, String what) {
        try {
            return WorkerObjects.read(answer.payload(), loader);
        } catch (Exception | LinkageError | StackOverflowError e) {
            throw new BrokenWorkerProcess(
                    what + " sent back by worker process " + pid + " cannot be read here: " + e, e);
        }
    }

    private static BrokenWorkerProcess failed(Frames.Frame answer, long pid, ClassLoader loader) {
        String prefix = "worker process " + pid + " could not carry out the call";
        if (answer.payload().length == 0) {
            return new BrokenWorkerProcess(prefix);
        }
        Object report;
        try {
            report = WorkerObjects.read(answer.payload(), loader);
        } catch (Exception | LinkageError e) {
            return new BrokenWorkerProcess(prefix + " (and its report cannot be read here)", e);
        }
        if (report instanceof Object[] r
                && r.length == 2
                && r[0] instanceof String message
                && (r[1] == null || r[1] instanceof Throwable)) {
            return new BrokenWorkerProcess(prefix + ": " + message, (Throwable) r[1]);
        }
        return new BrokenWorkerProcess(prefix + " (its report is a " + type(report) + ")");
    }

    private static String type(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
