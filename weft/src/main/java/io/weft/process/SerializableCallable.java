package io.weft.process;

import io.weft.CheckedCallable;
import java.io.Serializable;

/**
 * A function that {@link ToProcess#runSync(SerializableCallable)} can send to a worker JVM: code
 * that returns a {@code T} and may throw {@code X}, and that can be serialized. A lambda or method
 * reference whose target type is this interface is serializable as long as what it captures is;
 * {@code X} is inferred from the lambda, as for {@link CheckedCallable}.
 *
 * <pre>{@code
 * long primes = ToProcess.runSync(() -> countPrimes(10_000_000));   // a serializable lambda
 *
 * record Digest(Path file) implements SerializableCallable<byte[], IOException> {
 *     public byte[] call() throws IOException { return sha256(Files.readAllBytes(file)); }
 * }
 * }</pre>
 *
 * <p><b>Pitfalls.</b> A lambda that uses an instance field or method captures {@code this}, and so
 * its enclosing object must be serializable too; capture local copies instead. A captured value is
 * copied to the worker: changes the function makes to it are not seen by the caller. Return what
 * the caller needs.
 *
 * @param <T> the result type, which must be serializable (or null)
 * @param <X> what the function may throw
 */
@FunctionalInterface
public interface SerializableCallable<T, X extends Throwable>
        extends CheckedCallable<T, X>, Serializable {}
