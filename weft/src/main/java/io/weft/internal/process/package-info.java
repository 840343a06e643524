/**
 * Internals of {@code io.weft.process}: the child processes of a runtime, their pipes served by
 * platform threads, and the table that kills what is left when the run ends.
 */
package io.weft.internal.process;
