package io.weft.stream;

/**
 * A snapshot of a memory object stream's state (AnyIO's {@code MemoryObjectStreamStatistics}),
 * taken atomically: all six counts describe the same instant.
 *
 * @param currentBufferUsed the number of items in the buffer
 * @param maxBufferSize the buffer's capacity: 0 for a rendezvous stream, {@link
 *     MemoryObjectStream#UNBOUNDED} for an unbounded one
 * @param openSendStreams the number of send stream clones not yet closed
 * @param openReceiveStreams the number of receive stream clones not yet closed
 * @param tasksWaitingSend the number of tasks waiting in {@code send} (a task whose wait was just
 *     cancelled no longer counts, even before it wakes)
 * @param tasksWaitingReceive the number of tasks waiting in {@code receive}
 */
public record MemoryObjectStreamStatistics(
        int currentBufferUsed,
        int maxBufferSize,
        int openSendStreams,
        int openReceiveStreams,
        int tasksWaitingSend,
        int tasksWaitingReceive) {}
