package io.weft.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The wire format between a runtime and its worker JVMs ({@code ToProcess}): length-prefixed frames
 * on the worker's standard input (runtime to worker) and standard output (worker to runtime).
 *
 * <pre>
 * frame   = magic type length payload
 * magic   = 'W' 'f'              two bytes: a stray print into the pipe is caught at once
 * type    = one byte             READY, CALL, RETURNED, THREW, THREW_FATAL, FAILED
 * length  = int, big-endian      the payload's length, 0 to MAX_PAYLOAD
 * payload = length bytes         READY: the protocol's name; the others: one serialized object
 * </pre>
 *
 * <p>The worker sends READY once it runs; then each CALL (a serialized {@code
 * SerializableCallable}) is answered by one frame: RETURNED (the value), THREW (what the function
 * threw), THREW_FATAL (the same for a {@link VirtualMachineError}: the runtime retires the worker),
 * or FAILED (the worker could not read the function or send its outcome: a serialized {@code
 * Object[] {String message, Throwable cause}}). Every frame is written with one write, so the
 * runtime never sees half a header from a healthy worker.
 *
 * <p>JDK classes only: the worker JVM loads this class and nothing of Weft's runtime.
 */
final class Frames {
    static final byte MAGIC_0 = 'W';
    static final byte MAGIC_1 = 'f';
    static final int HEADER = 7;

    /** Worker to runtime, once: the worker is up; the payload is {@link #PROTOCOL}. */
    static final byte READY = 'Y';

    /** Runtime to worker: run this function. */
    static final byte CALL = 'C';

    /** Worker to runtime: the function returned this value. */
    static final byte RETURNED = 'R';

    /** Worker to runtime: the function threw this. */
    static final byte THREW = 'T';

    /** Worker to runtime: the function threw this {@link VirtualMachineError}; retire me. */
    static final byte THREW_FATAL = 'V';

    /** Worker to runtime: the call could not be carried out; {@code {message, cause}}. */
    static final byte FAILED = 'F';

    /** The largest payload: about the largest array a JVM allocates. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    /** The READY payload, which names the protocol and its version. */
    static final String PROTOCOL = "io.weft worker protocol 1";

    private Frames() {}

    /** A frame as received: its type and payload. */
    record Frame(byte type, byte[] payload) {}

    /** A frame of {@code type} around {@code payload}. */
    static byte[] frame(byte type, byte[] payload) {
        byte[] f = new byte[HEADER + payload.length];
        header(f, type, payload.length);
        System.arraycopy(payload, 0, f, HEADER, payload.length);
        return f;
    }

    /** The READY frame. */
    static byte[] ready() {
        return frame(READY, PROTOCOL.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A frame of {@code type} whose payload is {@code value} serialized (one stream per frame, so
     * frames never refer to each other).
     *
     * @throws IOException if {@code value} cannot be serialized (a {@link
     *     java.io.NotSerializableException} names the class that is not)
     */
    static byte[] serialized(byte type, Object value) throws IOException {
        HeaderFirst bytes = new HeaderFirst();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.frame(type);
    }

    /** Writes the header of a frame of {@code type} with {@code length} bytes of payload. */
    static void header(byte[] into, byte type, int length) {
        into[0] = MAGIC_0;
        into[1] = MAGIC_1;
        into[2] = type;
        into[3] = (byte) (length >>> 24);
        into[4] = (byte) (length >>> 16);
        into[5] = (byte) (length >>> 8);
        into[6] = (byte) length;
    }

    /**
     * The payload length a header announces.
     *
     * @throws IOException if the header is not one (wrong magic, a length out of range): something
     *     other than the protocol wrote into the pipe
     */
    static int payloadLength(byte[] header) throws IOException {
        if (header[0] != MAGIC_0 || header[1] != MAGIC_1) {
            throw new IOException(
                    "expected a frame, found the bytes "
                            + printable(header)
                            + " (did something write to the worker's standard output?)");
        }
        int length =
                ((header[3] & 0xff) << 24)
                        | ((header[4] & 0xff) << 16)
                        | ((header[5] & 0xff) << 8)
                        | (header[6] & 0xff);
        if (length < 0 || length > MAX_PAYLOAD) {
            throw new IOException("a frame announced " + length + " bytes of payload");
        }
        return length;
    }

    /**
     * Reads one frame from {@code in}, blocking (the worker's side). Returns null at the end of the
     * stream before a frame starts: the runtime closed the pipe.
     *
     * @throws IOException if the stream ends inside a frame or the header is not one
     */
    static Frame read(DataInputStream in) throws IOException {
        byte[] header = new byte[HEADER];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        in.readFully(header, 1, HEADER - 1);
        byte[] payload = new byte[payloadLength(header)];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new IOException("the stream ended inside a frame", e);
        }
        return new Frame(header[2], payload);
    }

    /** {@code bytes} as text for a message: printable ASCII as is, the rest as {@code \xNN}. */
    static String printable(byte[] bytes) {
        StringBuilder b = new StringBuilder("'");
        for (byte x : bytes) {
            if (x >= 0x20 && x < 0x7f && x != '\\' && x != '\'') {
                b.append((char) x);
            } else {
                b.append(String.format("\\x%02x", x & 0xff));
            }
        }
        return b.append('\'').toString();
    }

    /** A byte stream that reserves room for the header, so the frame is built without a copy. */
    private static final class HeaderFirst extends ByteArrayOutputStream {
        HeaderFirst() {
            super(256);
            count = HEADER;
        }

        byte[] frame(byte type) throws IOException {
            int length = count - HEADER;
            if (length > MAX_PAYLOAD) {
                throw new IOException("a serialized object of " + length + " bytes is too large");
            }
            header(buf, type, length);
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }
    }
}
