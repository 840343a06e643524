package io.weft.internal.process;

/**
 * Added as a suppressed exception to what a {@code ToProcess} function threw, once it is back in
 * the caller: the exception's own trace shows the worker's frames, and this one shows where the
 * caller was, so a stack trace tells both halves of the story.
 */
public final class ThrownInWorker extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ThrownInWorker(long pid) {
        super(
                "thrown by the function in worker process "
                        + pid
                        + "; this trace is the caller's ToProcess.runSync");
    }
}
