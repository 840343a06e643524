package io.weft;

/**
 * A typed attribute was looked up with {@code extra(attribute)} on a stream or listener that does
 * not provide it, and no default was given (AnyIO's {@code TypedAttributeLookupError}).
 */
public class TypedAttributeLookupError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with {@code message}. */
    public TypedAttributeLookupError(String message) {
        super(message);
    }
}
