package io.weft;

import io.weft.internal.Secrets;
import io.weft.internal.WeftRuntime;

/**
 * A handle on a running runtime that any thread can hold, to call into that runtime later with
 * {@code io.weft.thread.FromThread.run(token, ...)} (AnyIO's {@code EventLoopToken}). Get one with
 * {@link Weft#currentToken()} inside the runtime and hand it to the thread that needs it.
 *
 * <pre>{@code
 * RuntimeToken token = Weft.currentToken();
 * Thread.ofPlatform().start(() -> FromThread.run(token, () -> { event.set(); return null; }));
 * }</pre>
 *
 * <p>A token does not keep its runtime alive: a call through it after the run ended throws {@link
 * RunFinishedError}. Two tokens of the same runtime are equal.
 */
public final class RuntimeToken {
    static {
        Secrets.registerTokenAccess(t -> ((RuntimeToken) t).runtime);
    }

    private final WeftRuntime runtime;

    RuntimeToken(WeftRuntime runtime) {
        this.runtime = runtime;
    }

    /** Whether the runtime has ended (a snapshot: it may end right after this returns false). */
    public boolean hasEnded() {
        return runtime.hasEnded();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeToken t && t.runtime == runtime;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(runtime.id);
    }

    @Override
    public String toString() {
        return "RuntimeToken[runtime " + runtime.id + (runtime.hasEnded() ? ", ended]" : "]");
    }
}
