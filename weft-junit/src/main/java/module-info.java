/**
 * JUnit Jupiter support for Weft: {@link io.weft.junit.WeftTest} runs a test method as the root
 * task of a fresh Weft runtime, once per backend (AnyIO's pytest plugin).
 */
module io.weft.junit {
    requires transitive io.weft;
    requires transitive org.junit.jupiter.api;

    exports io.weft.junit;

    opens io.weft.junit to
            org.junit.platform.commons;
}
