package io.weft.stream;

import io.weft.TypedAttributeLookupError;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Something that provides extra attributes by {@link TypedAttribute} key: every stream and listener
 * (AnyIO's {@code TypedAttributeProvider}).
 *
 * <p>An implementation overrides {@link #extraAttributes()} only. A wrapper includes the attributes
 * of the stream it wraps and may override some of them:
 *
 * <pre>{@code
 * @Override
 * public Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
 *     return TypedAttributes.merge(inner.extraAttributes(), Map.of(MyAttribute.NAME, () -> name));
 * }
 * }</pre>
 *
 * <p>Lookups are not checkpoints. A getter is called at each lookup, so the value is current; an
 * exception a getter throws (even a {@link java.util.NoSuchElementException}) is passed on as it
 * is, never mistaken for a missing attribute.
 */
public interface TypedAttributeProvider {
    /**
     * The attributes this object provides, each with a getter for its value. The default is none.
     * Each key must map to a getter of values of the key's type.
     */
    default Map<TypedAttribute<?>, Supplier<?>> extraAttributes() {
        return Map.of();
    }

    /**
     * The value of {@code attribute}.
     *
     * @throws TypedAttributeLookupError if this object does not provide it
     */
    default <T> T extra(TypedAttribute<T> attribute) {
        Supplier<?> getter = extraAttributes().get(attribute);
        if (getter == null) {
            throw new TypedAttributeLookupError(
                    "attribute '" + attribute.name() + "' not found on " + this);
        }
        @SuppressWarnings("unchecked")
        T value = (T) getter.get();
        return value;
    }

    /**
     * The value of {@code attribute}, or {@code defaultValue} if this object does not provide it.
     */
    default <T> T extra(TypedAttribute<T> attribute, T defaultValue) {
        Supplier<?> getter = extraAttributes().get(attribute);
        if (getter == null) {
            return defaultValue;
        }
        @SuppressWarnings("unchecked")
        T value = (T) getter.get();
        return value;
    }
}
