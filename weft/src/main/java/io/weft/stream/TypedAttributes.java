package io.weft.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Helpers for {@link TypedAttributeProvider#extraAttributes()} implementations. */
public final class TypedAttributes {
    private TypedAttributes() {}

    /**
     * The attributes of {@code inner} with those of {@code own} added, {@code own} winning where
     * both have a key (a wrapper overriding its inner stream's value). An unmodifiable map.
     */
    public static Map<TypedAttribute<?>, Supplier<?>> merge(
            Map<TypedAttribute<?>, Supplier<?>> inner, Map<TypedAttribute<?>, Supplier<?>> own) {
        if (inner.isEmpty()) {
            return Map.copyOf(own);
        }
        if (own.isEmpty()) {
            return Map.copyOf(inner);
        }
        Map<TypedAttribute<?>, Supplier<?>> m = new HashMap<>(inner);
        m.putAll(own);
        return Map.copyOf(m);
    }
}
