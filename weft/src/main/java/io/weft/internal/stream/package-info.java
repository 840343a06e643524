/**
 * Internals of {@code io.weft.stream}, not exported: the channel behind memory object streams (its
 * buffer, waiting senders and receivers, and the ends' clone and close counts).
 */
package io.weft.internal.stream;
