package io.weft.stream;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@link StapledByteStream} and {@link StapledObjectStream} share: the two streams, and the
 * rules that make them one two-way stream. {@link #sendEof()} closes the send stream; {@link
 * #close()} closes both, the send stream first; the attributes are both streams', the receive
 * stream's winning where both have one. Sending and receiving, whose types differ, are the
 * subclasses' own.
 *
 * <p>Package-private, like {@code java.util}'s abstract collection views: the public classes keep
 * their own constructors and typed accessors, and inherit these methods unchanged.
 *
 * @param <S> the kind of send stream
 * @param <R> the kind of receive stream
 */
abstract sealed class Stapled<S extends TypedAttributeProvider, R extends TypedAttributeProvider>
        permits StapledByteStream, StapledObjectStream {
    final S sendStream;
    final R receiveStream;
    // The two kinds of stream have no common supertype whose close() throws nothing.
    private final Consumer<S> closeSend;
    private final Consumer<R> closeReceive;

    Stapled(S sendStream, Consumer<S> closeSend, R receiveStream, Consumer<R> closeReceive) {
        this.sendStream =
                Objects.requireNonNull(
                        sendStream,
                        "sendStream is null: a stapled stream needs both halves; to only"
                                + " receive, use the receive stream itself");
        this.receiveStream =
                Objects.requireNonNull(
                        receiveStream,
                        "receiveStream is null: a stapled stream needs both halves; to only"
                                + " send, use the send stream itself");
        this.closeSend = closeSend;
        this.closeReceive = closeReceive;
    }

    /** Closes the send stream; receiving goes on. */
    public void sendEof() {
        closeSend.accept(sendStream);
    }

    /** Closes the send stream, then the receive stream (also if closing the first throws). */
    public void close() {
        try {
            closeSend.accept(sendStream);
        } finally {
            closeReceive.accept(receiveStream);
        }
    }

    /** Both streams' attributes; where both have one, the receive stream's. */
    public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return TypedAttributes.merge(sendStream.extraAttributes(), receiveStream.extraAttributes());
    }

    @Override
    public String toString() {
        return "%s[send=%s, receive=%s]"
                .formatted(getClass().getSimpleName(), sendStream, receiveStream);
    }
}
