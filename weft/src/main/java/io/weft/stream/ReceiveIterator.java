package io.weft.stream;

import io.weft.EndOfStream;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Iteration over a receive stream: each {@code hasNext} that has no item in hand receives one, and
 * {@link EndOfStream} ends the iteration. Items may be null; they are not re-read.
 */
final class ReceiveIterator<T> implements Iterator<T> {
    private final Supplier<T> receive;
    private T next;
    private boolean have;
    private boolean ended;

    ReceiveIterator(Supplier<T> receive) {
        this.receive = receive;
    }

    @Override
    public boolean hasNext() {
        if (have) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            next = receive.get();
            have = true;
            return true;
        } catch (EndOfStream e) {
            ended = true;
            return false;
        }
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("end of the stream");
        }
        T item = next;
        next = null;
        have = false;
        return item;
    }
}
