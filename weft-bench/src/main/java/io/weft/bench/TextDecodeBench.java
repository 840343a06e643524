package io.weft.bench;

import io.weft.EndOfStream;
import io.weft.stream.TextErrorPolicy;
import io.weft.stream.TextReceiveStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Decoding 1 MiB of UTF-8 text, per pass: {@code TextReceiveStream} beside {@code
 * InputStreamReader.read(char[])} over the same bytes in memory (see {@link TextInput}).
 */
public class TextDecodeBench extends OnVirtualThread {
    private TextInput text;

    /** Builds the text. */
    @Setup
    public void makeText() {
        text = new TextInput();
    }

    /** All the text through {@code TextReceiveStream.receive}. */
    @Benchmark
    public long weft() {
        var in =
                new TextReceiveStream(
                        text.source(), StandardCharsets.UTF_8, TextErrorPolicy.STRICT);
        long total = 0;
        try {
            for (; ; ) {
                total += in.receive().length();
            }
        } catch (EndOfStream end) {
            return total;
        }
    }

    /** All the text through {@code InputStreamReader.read(char[])}. */
    @Benchmark
    public long baseline_readerDecode() throws IOException {
        var in = new InputStreamReader(new ByteArrayInputStream(text.data), StandardCharsets.UTF_8);
        char[] buf = new char[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
        }
        return total;
    }
}
