/**
 * Operating system signals as a stream a task receives from: {@link io.weft.signal.Signals#open}
 * returns a {@link io.weft.signal.SignalReceiver} (AnyIO's {@code open_signal_receiver}). See
 * {@code docs/signals.md}.
 */
package io.weft.signal;
