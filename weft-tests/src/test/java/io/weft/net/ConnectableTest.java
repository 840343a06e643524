package io.weft.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.TaskGroup;
import io.weft.junit.WeftTest;
import io.weft.stream.BufferedByteStream;
import io.weft.stream.BufferedConnectable;
import io.weft.stream.MemoryObjectStream;
import io.weft.stream.ObjectStream;
import io.weft.stream.ObjectStreamConnectable;
import io.weft.stream.StapledObjectStream;
import io.weft.stream.TextConnectable;
import io.weft.stream.TextStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Connectables: TCP and UNIX addresses, and the buffered and text wrappers over them. */
class ConnectableTest {

    private static ObjectStreamConnectable<byte[]> memoryLoop() {
        var pair = MemoryObjectStream.<byte[]>create(1);
        ObjectStream<byte[]> loop =
                new StapledObjectStream<>(pair.sendStream(), pair.receiveStream());
        return () -> loop;
    }

    // AnyIO: streams/test_buffered.py::test_buffered_connectable
    @WeftTest
    void aBufferedConnectableMakesBufferedStreams() throws Exception {
        try (BufferedByteStream stream = new BufferedConnectable(memoryLoop()).connect()) {
            stream.send("abcd".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(stream.receiveExactly(2), StandardCharsets.UTF_8))
                    .isEqualTo("ab");
            assertThat(new String(stream.receiveExactly(2), StandardCharsets.UTF_8))
                    .isEqualTo("cd");
        }
    }

    // AnyIO: streams/test_text.py::test_text_connectable
    @WeftTest
    void aTextConnectableMakesTextStreams() throws Exception {
        try (TextStream stream = new TextConnectable(memoryLoop()).connect()) {
            stream.send("hello");
            assertThat(stream.receive()).isEqualTo("hello");
        }
    }

    // AnyIO: test_sockets.py::test_as_connectable / TestTCPConnectable
    @WeftTest
    void tcpAndUnixAddressesConnectOnDemand() throws Exception {
        assertThatThrownBy(() -> new TcpConnectable("localhost", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TCP port number out of range");
        assertThatThrownBy(() -> Net.asConnectable("localhost", 65536))
                .isInstanceOf(IllegalArgumentException.class);
        try (SocketListener tcp = Net.createTcpListener("127.0.0.1", 0)) {
            var connectable =
                    new BufferedConnectable(
                            Net.asConnectable("127.0.0.1", tcp.localAddress().getPort()));
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try (SocketStream s = tcp.accept()) {
                        s.send("line\n".getBytes(StandardCharsets.UTF_8));
                    }
                });
                try (BufferedByteStream s = connectable.connect()) {
                    assertThat(
                                    new String(
                                            s.receiveUntil(new byte[] {'\n'}, 100),
                                            StandardCharsets.UTF_8))
                            .isEqualTo("line");
                }
            });
        }
        Path dir = Files.createTempDirectory("weft-conn");
        Path path = dir.resolve("c.sock");
        try (SocketListener unix = Net.createUnixListener(path)) {
            TaskGroup.run(tg -> {
                tg.startSoon(() -> {
                    try (SocketStream s = unix.accept()) {
                        s.send("hi".getBytes(StandardCharsets.UTF_8));
                    }
                });
                try (SocketStream s = Net.asConnectable(path).connect()) {
                    assertThat(new String(s.receive(), StandardCharsets.UTF_8)).isEqualTo("hi");
                }
            });
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }
}
