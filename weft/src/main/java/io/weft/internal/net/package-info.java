/**
 * Internals of {@code io.weft.net}, not exported: the runtime's NIO poller, the one place channel
 * operations run without interrupts and map their errors ({@code ChannelIo}), the Happy Eyeballs
 * race, and binding several addresses to one port.
 */
package io.weft.internal.net;
