/**
 * Weft's core, not exported: tasks and their threads ({@code Task}), cancel scopes and task groups
 * ({@code Scope}, {@code GroupScope}), the one wait primitive ({@code Waiter}), timers and clocks,
 * the runtime ({@code WeftRuntime}) and its SERIAL scheduler. It serves {@code io.weft}, {@code
 * io.weft.sync} and {@code io.weft.testing}.
 *
 * <p>The other internals live by the public package they serve: {@code internal.net} (the poller,
 * channel operations, Happy Eyeballs, same-port binding) for {@code io.weft.net}, {@code
 * internal.idna} (IDNA 2008 and Punycode) for name resolution and TLS host names, {@code
 * internal.thread} (the worker pool and the link from a worker to its task) for {@code
 * io.weft.thread}, {@code internal.stream} (the memory channel) for {@code io.weft.stream}, and
 * {@code internal.util} (an {@code LruCache}'s per-runtime tables) for {@code io.weft.util}.
 */
package io.weft.internal;
