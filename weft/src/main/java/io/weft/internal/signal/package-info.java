/**
 * Internals of {@code io.weft.signal}: the bridge to {@code sun.misc.Signal} (reached reflectively,
 * see {@link io.weft.internal.signal.SunMiscSignals}), the JVM-wide table that installs one handler
 * per signal and fans each delivery out to every open receiver ({@link
 * io.weft.internal.signal.SignalHub}), and the per-receiver queue that hands signals to waiting
 * tasks through {@link io.weft.internal.Waiter} ({@link io.weft.internal.signal.SignalQueue}).
 */
package io.weft.internal.signal;
