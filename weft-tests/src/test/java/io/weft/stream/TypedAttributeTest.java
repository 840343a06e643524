package io.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TypedAttributeLookupError;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Typed attributes: lookup, defaults, getters called per lookup, wrappers overriding. */
class TypedAttributeTest {
    static final TypedAttribute<String> NAME = new TypedAttribute<>("name");
    static final TypedAttribute<Integer> COUNT = new TypedAttribute<>("count");

    private record Provider(Map<TypedAttribute<?>, Supplier<?>> extraAttributes)
            implements TypedAttributeProvider {}

    @Test
    void aProvidedAttributeIsFoundAndAMissingOneIsALookupError() {
        Provider p = new Provider(Map.of(NAME, () -> "weft"));
        assertThat(p.extra(NAME)).isEqualTo("weft");
        assertThat(p.extra(NAME, "default")).isEqualTo("weft");
        assertThat(p.extra(COUNT, 7)).isEqualTo(7);
        assertThatThrownBy(() -> p.extra(COUNT))
                .isInstanceOf(TypedAttributeLookupError.class)
                .hasMessageContaining("attribute 'count' not found");
    }

    @Test
    void twoAttributesWithOneNameAreDifferentKeys() {
        TypedAttribute<String> other = new TypedAttribute<>("name");
        Provider p = new Provider(Map.of(NAME, () -> "weft"));
        assertThat(p.extra(other, "absent")).isEqualTo("absent");
        assertThat(other.name()).isEqualTo("name");
        assertThat(other.toString()).contains("name");
    }

    // AnyIO: test_typedattr.py::test_typedattr_keyerror
    @Test
    void aGetterThatThrowsIsNotMistakenForAMissingAttribute() {
        Provider p =
                new Provider(
                        Map.of(
                                NAME,
                                () -> {
                                    throw new NoSuchElementException("foo");
                                }));
        assertThatThrownBy(() -> p.extra(NAME))
                .isExactlyInstanceOf(NoSuchElementException.class)
                .hasMessage("foo");
        assertThatThrownBy(() -> p.extra(NAME, "default"))
                .isExactlyInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theGetterRunsAtEachLookup() {
        AtomicInteger n = new AtomicInteger();
        Provider p = new Provider(Map.of(COUNT, n::incrementAndGet));
        assertThat(p.extra(COUNT)).isEqualTo(1);
        assertThat(p.extra(COUNT)).isEqualTo(2);
    }

    @Test
    void aProviderWithoutAttributesHasNone() {
        TypedAttributeProvider none = new TypedAttributeProvider() {};
        assertThat(none.extraAttributes()).isEmpty();
        assertThat(none.extra(NAME, "x")).isEqualTo("x");
    }

    @Test
    void mergeKeepsTheInnerAttributesAndLetsTheOuterOverride() {
        Map<TypedAttribute<?>, Supplier<?>> inner = Map.of(NAME, () -> "inner", COUNT, () -> 1);
        Map<TypedAttribute<?>, Supplier<?>> merged =
                TypedAttributes.merge(inner, Map.of(NAME, () -> "outer"));
        Provider p = new Provider(merged);
        assertThat(p.extra(NAME)).isEqualTo("outer");
        assertThat(p.extra(COUNT)).isEqualTo(1);
        assertThat(TypedAttributes.merge(Map.of(), inner)).isEqualTo(inner);
        assertThat(TypedAttributes.merge(inner, Map.of())).isEqualTo(inner);
        assertThatThrownBy(() -> merged.put(COUNT, () -> 2))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
