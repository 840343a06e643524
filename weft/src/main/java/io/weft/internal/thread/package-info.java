/**
 * Internals of {@code io.weft.thread}, not exported: the runtime's pool of worker threads and the
 * link between a {@code ToThread} call and the task that made it.
 */
package io.weft.internal.thread;
