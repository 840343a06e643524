package io.weft.examples.docs;

import io.weft.stream.TypedAttribute;

// region attribute-set
public final class RequestAttribute {                     // an "attribute set"
    public static final TypedAttribute<String> ID = new TypedAttribute<>("request id");
    private RequestAttribute() {}
}
// endregion
