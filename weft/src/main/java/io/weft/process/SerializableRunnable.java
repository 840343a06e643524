package io.weft.process;

import io.weft.CheckedRunnable;
import java.io.Serializable;

/**
 * Code that {@link ToProcess#runSync(SerializableRunnable)} can send to a worker JVM: it returns
 * nothing, may throw {@code X}, and can be serialized (see {@link SerializableCallable} for what
 * that asks of a lambda).
 *
 * @param <X> what the code may throw
 */
@FunctionalInterface
public interface SerializableRunnable<X extends Throwable>
        extends CheckedRunnable<X>, Serializable {}
