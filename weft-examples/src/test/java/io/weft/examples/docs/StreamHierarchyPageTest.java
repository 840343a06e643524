package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.TaskGroup;
import io.weft.stream.FileReadStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.testing.MemoryByteStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/stream-hierarchy.md ({@link StreamHierarchyPage}), on every backend. */
class StreamHierarchyPageTest {

    @TempDir Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void attributesAndWrappers(Backend backend) throws Throwable {
        Path data = Files.writeString(dir.resolve("data.bin"), "some bytes");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        var lines =
                SystemOut.inRuntime(
                        backend,
                        () -> {
                            var pair = MemoryByteStream.pair(16);
                            try (var file = FileReadStream.open(data)) {
                                StreamHierarchyPage.attributes(file, pair.first());
                            }
                            var socket = MemoryByteStream.pair(64);
                            var echo = MemoryByteStream.pair(64);
                            var toPeer = MemoryObjectStream.<String>create(1);
                            var fromPeer = MemoryObjectStream.<String>create(1);
                            TaskGroup.run(tg -> {
                                tg.startSoon(() -> {
                                    socket.first()
                                            .send(
                                                    "HEADa line\r\n"
                                                            .getBytes(StandardCharsets.US_ASCII));
                                    echo.second().send(echo.second().receive());
                                });
                                StreamHierarchyPage.wrappers(
                                        socket.second(),
                                        echo.first(),
                                        toPeer,
                                        fromPeer,
                                        data,
                                        digest);
                            });
                            System.out.println(toPeer.receiveStream().receive());
                        });
        assertThat(lines).containsExactly("data.bin -", "HEAD a line héllo", "to the peer");
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo(
                        HexFormat.of()
                                .formatHex(
                                        MessageDigest.getInstance("SHA-256")
                                                .digest(Files.readAllBytes(data))));
    }
}
