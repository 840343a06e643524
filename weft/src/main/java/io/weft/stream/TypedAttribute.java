package io.weft.stream;

import java.util.Objects;

/**
 * The key of one extra attribute that a stream or listener may provide (AnyIO's typed attributes):
 * a socket's remote address, a TLS stream's cipher, a file stream's path. Keys are compared by
 * identity, so each is declared once, as a constant of an attribute set (a final class that groups
 * related keys, such as {@code SocketAttribute}):
 *
 * <pre>{@code
 * public final class RequestAttribute {
 *     public static final TypedAttribute<String> ID = new TypedAttribute<>("request id");
 *     private RequestAttribute() {}
 * }
 *
 * String id = stream.extra(RequestAttribute.ID);            // TypedAttributeLookupError if absent
 * String idOrNone = stream.extra(RequestAttribute.ID, "-"); // a default instead
 * }</pre>
 *
 * @param <T> the attribute's value type
 */
public final class TypedAttribute<T> {
    private final String name;

    /** A new attribute key, distinct from every other; {@code name} is for messages. */
    public TypedAttribute(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "TypedAttribute[" + name + "]";
    }
}
