package io.weft.internal.diag;

import java.util.Set;

/**
 * Where a task waits, read from its stack: the Weft method it waits in (the outermost frame of a
 * public Weft package in the run of Weft and JDK frames at the top of the stack) and the first
 * frame below that which is neither Weft's nor the JDK's (the user's call). Shared by the task-tree
 * dump, the {@code io.weft.LongWait} JFR event and instruments, so they name a wait alike.
 *
 * @param waitingIn {@code class.method} of the Weft method, or null if none is on the stack
 * @param calledFrom the user's frame below it, or null
 */
public record WaitSite(String waitingIn, String calledFrom) {
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final int MAX_FRAMES = 256;

    /** The wait site of the calling thread, which is about to wait or waiting. */
    public static WaitSite ofCurrentThread() {
        StackTraceElement[] stack =
                WALKER.walk(s ->
                        s.limit(MAX_FRAMES)
                                .map(StackWalker.StackFrame::toStackTraceElement)
                                .toArray(StackTraceElement[]::new));
        return of(stack);
    }

    /** The wait site in {@code stack}, innermost frame first (as {@link Thread#getStackTrace}). */
    public static WaitSite of(StackTraceElement[] stack) {
        int in = waitFrame(stack);
        if (in < 0) {
            return new WaitSite(null, null);
        }
        String calledFrom = null;
        for (int i = in + 1; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (!isWeft(c) && !isJdk(c)) {
                calledFrom = stack[i].toString();
                break;
            }
        }
        return new WaitSite(stack[in].getClassName() + "." + stack[in].getMethodName(), calledFrom);
    }

    private static int waitFrame(StackTraceElement[] stack) {
        int found = -1;
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            if (isWeft(c)) {
                if (!c.startsWith("io.weft.internal.")) {
                    found = i;
                }
            } else if (found >= 0 || !isJdk(c)) {
                break; // past the run of Weft frames, or user code above any of them
            }
        }
        return found;
    }

    /** Weft's packages (user code may live in other {@code io.weft.*} packages, like examples). */
    private static final Set<String> PUBLIC_PACKAGES =
            Set.of(
                    "io.weft",
                    "io.weft.sync",
                    "io.weft.stream",
                    "io.weft.net",
                    "io.weft.thread",
                    "io.weft.process",
                    "io.weft.signal",
                    "io.weft.file",
                    "io.weft.testing",
                    "io.weft.util");

    private static boolean isWeft(String className) {
        if (className.startsWith("io.weft.internal.")) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return PUBLIC_PACKAGES.contains(dot < 0 ? "" : className.substring(0, dot));
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.");
    }
}
