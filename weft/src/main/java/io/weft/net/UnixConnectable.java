package io.weft.net;

import io.weft.stream.ByteStreamConnectable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A UNIX domain socket path to connect to on demand (AnyIO's {@code UNIXConnectable}); {@link
 * #connect()} is {@link Net#connectUnix(Path)}.
 *
 * @param path the socket's path
 */
public record UnixConnectable(Path path) implements ByteStreamConnectable {
    /** Checks the path is given. */
    public UnixConnectable {
        Objects.requireNonNull(path, "path");
    }

    /**
     * Connects, as {@link Net#connectUnix(Path)}.
     *
     * @throws IOException if nothing listens there (for example {@code ConnectException})
     */
    @Override
    public SocketStream connect() throws IOException {
        return Net.connectUnix(path);
    }
}
