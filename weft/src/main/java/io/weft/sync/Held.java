package io.weft.sync;

/**
 * What {@link Lock#acquire()}, {@link Condition#acquire()}, {@link Semaphore#acquire()} and {@link
 * CapacityLimiter#acquire()} return: closing it releases what was acquired, so that
 * try-with-resources releases on every path.
 *
 * <pre>{@code
 * try (var _ = lock.acquire()) {
 *     update(shared);
 * } // released here, also when update throws or the task is cancelled
 * }</pre>
 *
 * <p>Unlike {@link AutoCloseable#close()}, {@link #close()} throws no checked exception, so a
 * {@code try} block needs no {@code catch}.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>Closing releases once per call. All acquisitions of one {@code Lock}, {@code Condition} or
 *       {@code Semaphore} share one {@code Held} (so that acquiring allocates nothing): closing it
 *       twice releases twice, which for a semaphore hands out a unit nobody returned. Let
 *       try-with-resources close it.
 *   <li>Closing is the release of the primitive it came from, with that primitive's rules: a lock's
 *       {@code Held} must be closed by the task that acquired the lock.
 * </ul>
 */
@FunctionalInterface
public interface Held extends AutoCloseable {
    /** Releases what was acquired; see the {@code release} method of the primitive it came from. */
    @Override
    void close();
}
