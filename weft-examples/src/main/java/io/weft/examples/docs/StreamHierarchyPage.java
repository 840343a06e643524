package io.weft.examples.docs;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.weft.stream.BufferedByteReceiveStream;
import io.weft.stream.ByteReceiveStream;
import io.weft.stream.ByteStream;
import io.weft.stream.FileReadStream;
import io.weft.stream.FileStreamAttribute;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.StapledObjectStream;
import io.weft.stream.TextErrorPolicy;
import io.weft.stream.TextStream;
import io.weft.stream.TypedAttributeProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The code samples of docs/stream-hierarchy.md (see {@code DocSamples}; the conformance-kit sample
 * is in {@code TestingPageTest}); {@code StreamHierarchyPageTest} runs them on every backend.
 */
public final class StreamHierarchyPage {
    private StreamHierarchyPage() {}

    /** Looks up an attribute that is there and one that is not. */
    public static void attributes(FileReadStream fileStream, TypedAttributeProvider stream) {
        // region attributes
        Path p = fileStream.extra(FileStreamAttribute.PATH);      // TypedAttributeLookupError if absent
        String id = stream.extra(RequestAttribute.ID, "-");       // or a default
        // endregion
        System.out.println(p.getFileName() + " " + id);
    }

    /** The wrappers, each once. */
    public static void wrappers(
            ByteReceiveStream socket,
            ByteStream byteStream,
            MemoryObjectStream<String> toPeer,
            MemoryObjectStream<String> fromPeer,
            Path path,
            MessageDigest digest)
            throws IOException {
        // region wrappers
        var in = new BufferedByteReceiveStream(socket);
        byte[] header = in.receiveExactly(4);                           // IncompleteRead if it ends first
        byte[] line = in.receiveUntil("\r\n".getBytes(US_ASCII), 8192); // DelimiterNotFound past 8192

        var text = new TextStream(byteStream, UTF_8, TextErrorPolicy.REPLACE);
        text.send("héllo");
        String piece = text.receive();                                  // whole characters only

        var both = new StapledObjectStream<>(toPeer.sendStream(), fromPeer.receiveStream());
        try (var file = FileReadStream.open(path)) { for (byte[] chunk : file) { digest.update(chunk); } }
        // endregion
        both.send("to the peer");
        System.out.println(
                new String(header, US_ASCII) + " " + new String(line, US_ASCII) + " " + piece);
    }
}
