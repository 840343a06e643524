package io.weft.net;

import io.weft.stream.TypedAttribute;
import java.security.cert.Certificate;
import java.util.List;

/** The attributes of a {@link TlsStream} (AnyIO's {@code TLSAttribute}). */
public final class TlsAttribute {
    /** The negotiated cipher suite, e.g. {@code TLS_AES_256_GCM_SHA384}. */
    public static final TypedAttribute<String> CIPHER = new TypedAttribute<>("cipher");

    /** The negotiated protocol, e.g. {@code TLSv1.3}. */
    public static final TypedAttribute<String> PROTOCOL = new TypedAttribute<>("protocol");

    /** The ALPN protocol agreed on, or null if none. */
    public static final TypedAttribute<String> ALPN_PROTOCOL =
            new TypedAttribute<>("alpn protocol");

    /** The peer's certificate chain, peer first; empty if the peer sent none. */
    public static final TypedAttribute<List<Certificate>> PEER_CERTIFICATES =
            new TypedAttribute<>("peer certificates");

    /** Whether this side is the server. */
    public static final TypedAttribute<Boolean> SERVER_SIDE = new TypedAttribute<>("server side");

    /** Whether close_notify is sent and required (see {@link TlsStream}). */
    public static final TypedAttribute<Boolean> STANDARD_COMPATIBLE =
            new TypedAttribute<>("standard compatible");

    private TlsAttribute() {}
}
