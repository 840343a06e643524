package io.weft.bench;

import io.weft.stream.BufferedByteReceiveStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Splitting 1 MiB of text into lines, per pass: {@code BufferedByteReceiveStream.receiveUntil}
 * beside {@code BufferedReader.readLine} over the same bytes in memory (see {@link TextInput}). The
 * JDK's side also decodes the lines into strings, which {@code receiveUntil} leaves as bytes; that
 * is the comparison a user makes when choosing between the two for a line protocol.
 */
public class LineSplitBench extends OnVirtualThread {
    private static final byte[] NEWLINE = {'\n'};
    private TextInput text;

    /** Builds the text. */
    @Setup
    public void makeText() {
        text = new TextInput();
    }

    /** Every line through {@code receiveUntil}. */
    @Benchmark
    public long weft() {
        var in = new BufferedByteReceiveStream(text.source());
        long total = 0;
        for (int i = 0; i < text.lines; i++) {
            total += in.receiveUntil(NEWLINE, 1 << 16).length;
        }
        return total;
    }

    /** Every line through {@code BufferedReader.readLine}. */
    @Benchmark
    public long baseline_readLine() throws IOException {
        var in =
                new BufferedReader(
                        new InputStreamReader(
                                new ByteArrayInputStream(text.data), StandardCharsets.UTF_8));
        long total = 0;
        for (String line; (line = in.readLine()) != null; ) {
            total += line.length();
        }
        return total;
    }
}
