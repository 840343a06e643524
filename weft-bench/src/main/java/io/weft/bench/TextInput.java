package io.weft.bench;

import io.weft.EndOfStream;
import io.weft.stream.ByteReceiveStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * 1 MiB of UTF-8 text lines for the stream benchmarks: mostly ASCII with some two- and three-byte
 * characters, in lines of 20 to 120 bytes, the same on every run.
 */
final class TextInput {
    final byte[] data;
    final int lines;

    TextInput() {
        SplittableRandom random = new SplittableRandom(42);
        String letters = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789,.;é€";
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (sb.length() < (1 << 20)) {
            int len = random.nextInt(20, 120);
            for (int i = 0; i < len; i++) {
                sb.append(letters.charAt(random.nextInt(letters.length())));
            }
            sb.append('\n');
            n++;
        }
        data = sb.toString().getBytes(StandardCharsets.UTF_8);
        lines = n;
    }

    /**
     * A byte stream over the text in 64 KiB slices that never waits, so that a benchmark measures
     * the wrapper over it, as the JDK's readers read a {@code ByteArrayInputStream}.
     */
    ByteReceiveStream source() {
        return new ByteReceiveStream() {
            private int at;

            @Override
            public byte[] receive(int maxBytes) {
                if (at == data.length) {
                    throw new EndOfStream("end");
                }
                int n = Math.min(Math.min(maxBytes, 1 << 16), data.length - at);
                byte[] out = Arrays.copyOfRange(data, at, at + n);
                at += n;
                return out;
            }

            @Override
            public void close() {}
        };
    }
}
