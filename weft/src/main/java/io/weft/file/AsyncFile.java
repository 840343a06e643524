package io.weft.file;

import io.weft.ClosedResourceError;
import io.weft.internal.file.BinaryReads;
import io.weft.internal.file.FileHandle;
import io.weft.internal.file.FileMode;
import io.weft.internal.file.TextLayer;
import io.weft.sync.CapacityLimiter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An open file whose every operation runs where no interrupt reaches it, can be cancelled without
 * losing the file, and is bounded by a limiter (AnyIO's {@code AsyncFile}, from {@code open_file}
 * and {@code wrap_file}).
 *
 * <pre>{@code
 * try (AsyncFile f = AsyncFile.open(Path.of("notes.txt"), "w")) {
 *     f.write("first\nsecond\n");
 * }
 * try (AsyncFile f = AsyncFile.open(Path.of("notes.txt"), "r")) {
 *     for (String line : f.lines()) {
 *         System.out.print(line);                  // lines keep their "\n"
 *     }
 * }
 * }</pre>
 *
 * <p><b>Modes.</b> {@link #open(Path, String)} takes Python's mode strings: one of {@code r} (read;
 * the file must exist), {@code w} (write; created or truncated), {@code a} (append; created if
 * needed), {@code x} (write a new file; it must not exist), optionally {@code +} (read and write),
 * and {@code b} (binary: bytes) or {@code t} (text: strings, the default). Binary methods ({@link
 * #read()}, {@link #read(int)}, {@link #readInto}, {@link #write(byte[])}, {@link #chunks}) on a
 * text file, or text methods ({@link #readText()}, {@link #readLine()}, {@link #write(String)},
 * {@link #lines()}, ...) on a binary one, throw {@link IllegalStateException} naming the mode.
 * Reading a file not opened for reading, or writing one not opened for writing, is an {@code
 * IllegalStateException} too.
 *
 * <p><b>Cancellation.</b> Each operation is a checkpoint: a task already cancelled throws {@code
 * Cancelled} before anything is done. Once an operation runs it is shielded, as in AnyIO: a
 * cancellation waits for it to complete and is delivered at the task's next checkpoint, so its
 * result is never lost, the position is where the completed operation left it, and the file stays
 * open and usable. No interrupt ever reaches the thread doing the I/O (an interrupt would close a
 * {@code FileChannel}).
 *
 * <p><b>Where an operation runs.</b> Each operation borrows a token of the file's limiter (see
 * {@link FileOptions#limiter}) for as long as it runs, so the limiter bounds how many file
 * operations run at once. On a file opened on a regular file it then runs in the calling task, with
 * Weft's cancellation interrupts held back, which costs what a plain {@code FileChannel} call
 * costs; on a wrapped channel, a FIFO or a device, whose operations may wait for another party, it
 * runs in a {@code ToThread} worker thread (ADR 0016).
 *
 * <p><b>Buffering.</b> Writes are not buffered: each reaches the OS before it returns, so {@link
 * #flush()} has nothing to do (to force the data to the storage device, use {@code ((FileChannel)
 * channel()).force(true)} in {@code ToThread}). Binary reads are not buffered either: each reads
 * what is asked from the OS. Text mode reads ahead to decode; {@link #tell()} accounts for it, and
 * a write or seek first gives back what was read ahead.
 *
 * <p><b>Errors.</b> What the OS reports is the JDK's {@link IOException}, never wrapped ({@code
 * NoSuchFileException}, {@code FileAlreadyExistsException}, {@code AccessDeniedException}, a {@code
 * FileSystemException} "Is a directory", {@code CharacterCodingException} for text that is not
 * valid in the charset). Use after {@link #close()}: {@link ClosedResourceError}. Concurrent
 * operations from several tasks are allowed and run one at a time.
 */
public final class AsyncFile implements AutoCloseable {
    /** {@link #seek(long, int)} from the start of the file (Python's {@code os.SEEK_SET}). */
    public static final int SEEK_SET = 0;

    /** {@link #seek(long, int)} from the current position (Python's {@code os.SEEK_CUR}). */
    public static final int SEEK_CUR = 1;

    /** {@link #seek(long, int)} from the end of the file (Python's {@code os.SEEK_END}). */
    public static final int SEEK_END = 2;

    private final FileHandle handle;
    private final FileMode mode; // null if wrapped: binary, readable and writable as the channel is
    private final TextLayer text; // null in binary mode

    private AsyncFile(FileHandle handle, FileMode mode, TextLayer text) {
        this.handle = handle;
        this.mode = mode;
        this.text = text;
    }

    /**
     * Opens {@code path} with Python's {@code mode} and the default options. See {@link #open(Path,
     * String, FileOptions)}.
     */
    public static AsyncFile open(Path path, String mode) throws IOException {
        return open(path, mode, FileOptions.defaults());
    }

    /**
     * Opens {@code path} with Python's {@code mode} (see the class comment) in a worker thread
     * under {@code options}' limiter. A checkpoint; a cancellation once the open runs waits for it
     * and is delivered at the next checkpoint, after this returns the open file.
     *
     * @throws IllegalArgumentException if {@code mode} is not a valid mode (the message names it
     *     and says why), or a binary mode is given a newline setting
     * @throws java.nio.file.NoSuchFileException if the file does not exist for {@code r}
     * @throws java.nio.file.FileAlreadyExistsException if it exists for {@code x}
     * @throws IOException if the file cannot be opened, or is a directory
     */
    public static AsyncFile open(Path path, String mode, FileOptions options) throws IOException {
        Objects.requireNonNull(path, "path");
        FileMode m = FileMode.parse(mode);
        Objects.requireNonNull(options, "options is null: pass FileOptions.defaults()");
        if (!m.text() && options.newline() != null) {
            throw new IllegalArgumentException(
                    "binary mode '"
                            + mode
                            + "' does not take a newline setting (it is "
                            + FileOptions.escape(options.newline())
                            + ")");
        }
        FileHandle h = FileHandle.open(path, m.openOptions(), options.limiter());
        return new AsyncFile(
                h, m, m.text() ? new TextLayer(options.charset(), options.newline()) : null);
    }

    /**
     * A binary {@code AsyncFile} over {@code channel} (a {@code FileChannel}, or any seekable
     * channel), with the runtime's default thread limiter. Closing it closes the channel. Not a
     * checkpoint.
     */
    public static AsyncFile wrap(SeekableByteChannel channel) {
        return wrap(channel, null);
    }

    /**
     * A binary {@code AsyncFile} over {@code channel} whose operations run under {@code limiter}
     * (null: the runtime's default thread limiter). Closing it closes the channel. Not a
     * checkpoint.
     */
    public static AsyncFile wrap(SeekableByteChannel channel, CapacityLimiter limiter) {
        Objects.requireNonNull(channel, "channel");
        return new AsyncFile(FileHandle.wrap(channel, limiter), null, null);
    }

    /**
     * An {@code AsyncFile} over {@code channel} in {@code mode} (binary or text, with {@code
     * options}' charset, newline and limiter), for the spooled temporary file, whose channel is not
     * a file's. Not a checkpoint.
     */
    static AsyncFile over(SeekableByteChannel channel, String mode, FileOptions options) {
        FileMode m = FileMode.parse(mode);
        return new AsyncFile(
                FileHandle.wrap(channel, options.limiter()),
                m,
                m.text() ? new TextLayer(options.charset(), options.newline()) : null);
    }

    // ------------------------------------------------------------------ binary mode

    /**
     * Reads to the end of the file; an empty array at the end. A checkpoint; a cancellation while
     * it reads waits for the read to complete and is delivered at the next checkpoint.
     *
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in text mode, or if the file is not open for reading
     */
    public byte[] read() throws IOException {
        checkBinary("read()");
        return handle.call(ch -> BinaryReads.readUpTo(ch, Integer.MAX_VALUE));
    }

    /**
     * Reads {@code n} bytes, fewer only at the end of the file; an empty array at the end. A
     * checkpoint; a cancellation while it reads waits for the read to complete and is delivered at
     * the next checkpoint.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in text mode, or if the file is not open for reading
     */
    public byte[] read(int n) throws IOException {
        checkBinary("read(int)");
        if (n < 0) {
            throw new IllegalArgumentException(
                    "n must not be negative, was " + n + ": call read() to read to the end");
        }
        return handle.call(ch -> BinaryReads.readUpTo(ch, n));
    }

    /**
     * Reads into {@code dst} until it is full or the file ends; returns the number of bytes read,
     * or -1 if the file had ended (Java's convention; Python's {@code readinto} returns 0). A
     * checkpoint; a cancellation while it reads waits for the read to complete and is delivered at
     * the next checkpoint.
     *
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in text mode, or if the file is not open for reading
     */
    public int readInto(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        checkBinary("readInto");
        return handle.call(ch -> BinaryReads.readFully(ch, dst));
    }

    /**
     * Writes all of {@code data} (at the end of the file in append mode). A checkpoint; a
     * cancellation while it writes waits for every byte to be written and is delivered at the next
     * checkpoint.
     *
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in text mode, or if the file is not open for writing
     */
    public void write(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        checkBinary("write(byte[])");
        checkWritable();
        ByteBuffer b = ByteBuffer.wrap(data);
        handle.call(ch -> writeFully(ch, b));
    }

    /**
     * The file's chunks of {@code size} bytes (the last may be shorter), read as the loop asks for
     * them from the current position. Each read is a checkpoint; a cancellation while it reads
     * waits for the read and is delivered at the next checkpoint.
     *
     * @throws IllegalArgumentException if {@code size} is less than 1
     * @throws IllegalStateException in text mode, or if the file is not open for reading
     */
    public FileIterator<byte[]> chunks(int size) {
        checkBinary("chunks");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        return new FileIterator<>(() -> {
            byte[] b = read(size);
            return b.length == 0 ? null : b;
        });
    }

    // ------------------------------------------------------------------ text mode

    /**
     * Reads the rest of the file as text; "" at the end. A checkpoint; a cancellation while it
     * reads waits for the read to complete and is delivered at the next checkpoint.
     *
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid in the charset
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in binary mode, or if the file is not open for reading
     */
    public String readText() throws IOException {
        checkText("readText()");
        return handle.call(ch -> text.read(ch, Integer.MAX_VALUE));
    }

    /**
     * Reads {@code chars} characters, fewer only at the end of the file; "" at the end (Python's
     * {@code read(n)} in text mode: a name of its own, since {@link #read(int)} reads bytes). A
     * checkpoint; a cancellation while it reads waits for the read to complete and is delivered at
     * the next checkpoint.
     *
     * @throws IllegalArgumentException if {@code chars} is negative
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid in the charset
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in binary mode, or if the file is not open for reading
     */
    public String readText(int chars) throws IOException {
        checkText("readText(int)");
        if (chars < 0) {
            throw new IllegalArgumentException(
                    "chars must not be negative, was "
                            + chars
                            + ": call readText() to read to the end");
        }
        return handle.call(ch -> text.read(ch, chars));
    }

    /**
     * Reads one line with its line end (as Python does; {@code \n} with universal newlines), or the
     * last line without one; null at the end of the file (as {@code BufferedReader.readLine}). A
     * checkpoint; a cancellation while it reads waits for the read to complete and is delivered at
     * the next checkpoint.
     *
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid in the charset
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in binary mode, or if the file is not open for reading
     */
    public String readLine() throws IOException {
        checkText("readLine()");
        return handle.call(text::readLine);
    }

    /**
     * Reads every remaining line, each with its line end (see {@link #readLine()}). A checkpoint; a
     * cancellation while it reads waits for the read to complete and is delivered at the next
     * checkpoint.
     *
     * @throws java.nio.charset.CharacterCodingException if the bytes are not valid in the charset
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in binary mode, or if the file is not open for reading
     */
    public List<String> readLines() throws IOException {
        checkText("readLines()");
        return handle.call(text::readLines);
    }

    /**
     * Writes {@code s}, its {@code \n}s translated as the newline setting says (at the end of the
     * file in append mode). A checkpoint; a cancellation while it writes waits for all of it to be
     * written and is delivered at the next checkpoint.
     *
     * @throws java.nio.charset.CharacterCodingException if the charset cannot encode {@code s}
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in binary mode, or if the file is not open for writing
     */
    public void write(String s) throws IOException {
        Objects.requireNonNull(s, "s");
        checkText("write(String)");
        checkWritable();
        handle.call(ch -> {
            text.discardReadAhead(ch, true); // write where the reader stands, as Python does
            return writeFully(ch, text.encode(s));
        });
    }

    /**
     * Writes each of {@code lines} as {@link #write(String)} does, adding no line ends (as Python's
     * {@code writelines}), in one operation. A checkpoint; a cancellation while it writes waits for
     * all of them to be written and is delivered at the next checkpoint.
     *
     * @throws java.nio.charset.CharacterCodingException if the charset cannot encode a line
     * @throws NullPointerException if {@code lines} or one of them is null
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException in binary mode, or if the file is not open for writing
     */
    public void writeLines(Iterable<String> lines) throws IOException {
        Objects.requireNonNull(lines, "lines");
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(Objects.requireNonNull(l, "a line is null"));
        }
        write(sb.toString());
    }

    /**
     * The file's lines (see {@link #readLine()}), read as the loop asks for them. Each read is a
     * checkpoint; a cancellation while it reads waits for the read and is delivered at the next
     * checkpoint.
     *
     * @throws IllegalStateException in binary mode, or if the file is not open for reading
     */
    public FileIterator<String> lines() {
        checkText("lines()");
        return new FileIterator<>(this::readLine);
    }

    // ------------------------------------------------------------------ both modes

    /**
     * Moves to {@code position} bytes from the start and returns it. See {@link #seek(long, int)}.
     */
    public long seek(long position) throws IOException {
        return seek(position, SEEK_SET);
    }

    /**
     * Moves to {@code offset} bytes from the start ({@link #SEEK_SET}), the current position
     * ({@link #SEEK_CUR}) or the end ({@link #SEEK_END}), and returns the new position from the
     * start. In text mode, as in Python, only a position from {@link #tell()} (or 0) from the
     * start, or an offset of 0 from the current position or the end, is meaningful. A checkpoint; a
     * cancellation while it runs waits for it and is delivered at the next checkpoint.
     *
     * @throws IllegalArgumentException if {@code whence} is none of the three, the new position
     *     would be negative, or (text mode) a relative offset is not 0
     * @throws ClosedResourceError if the file was closed
     */
    public long seek(long offset, int whence) throws IOException {
        if (whence < SEEK_SET || whence > SEEK_END) {
            throw new IllegalArgumentException(
                    "whence must be SEEK_SET (0), SEEK_CUR (1) or SEEK_END (2), was " + whence);
        }
        if (text != null && whence != SEEK_SET && offset != 0) {
            throw new IllegalArgumentException(
                    "a text file can only seek by 0 from the current position or the end, not by "
                            + offset);
        }
        return handle.call(ch -> {
            long base =
                    switch (whence) {
                        case SEEK_SET -> 0;
                        case SEEK_CUR -> position(ch);
                        default -> ch.size();
                    };
            long target = base + offset;
            if (target < 0) {
                throw new IllegalArgumentException("the new position would be negative: " + target);
            }
            if (text != null) {
                text.discardReadAhead(ch, false);
            }
            ch.position(target);
            return target;
        });
    }

    /**
     * The current position in bytes from the start (in text mode, of the next character to be
     * read). A checkpoint; a cancellation while it runs waits for it and is delivered at the next
     * checkpoint.
     *
     * @throws ClosedResourceError if the file was closed
     */
    public long tell() throws IOException {
        return handle.call(this::position);
    }

    /** Truncates the file to the current position; see {@link #truncate(long)}. */
    public long truncate() throws IOException {
        return truncate(-1, false);
    }

    /**
     * Resizes the file to {@code size} bytes (cutting it, or extending it with zeros, as Python
     * does) and returns the size; the position does not change (Python's rule; the JDK's {@code
     * truncate} would move it). A checkpoint; a cancellation while it runs waits for it and is
     * delivered at the next checkpoint.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws ClosedResourceError if the file was closed
     * @throws IllegalStateException if the file is not open for writing
     */
    public long truncate(long size) throws IOException {
        return truncate(size, true);
    }

    private long truncate(long size, boolean given) throws IOException {
        if (given && size < 0) {
            throw new IllegalArgumentException("size must not be negative, was " + size);
        }
        checkWritable();
        return handle.call(ch -> {
            if (text != null) {
                text.discardReadAhead(ch, true);
            }
            long pos = ch.position();
            long target = given ? size : pos;
            long current = ch.size();
            if (target < current) {
                ch.truncate(target);
            } else if (target > current) {
                ch.position(target - 1);
                writeFully(ch, ByteBuffer.allocate(1));
            }
            ch.position(pos);
            return target;
        });
    }

    /**
     * Flushes what this file buffers to the OS: nothing, as writes are not buffered (see the class
     * comment); kept for Python's {@code flush()}. A checkpoint; a cancellation while it runs waits
     * for it and is delivered at the next checkpoint.
     *
     * @throws ClosedResourceError if the file was closed
     */
    public void flush() throws IOException {
        handle.call(ch -> null);
    }

    /**
     * Closes the file (and the wrapped channel). In a Weft task it runs where no interrupt reaches
     * it (in a worker thread unless the file is a regular file) and is shielded: it is always done,
     * also when the task is cancelled, and the cancellation is delivered at the next checkpoint. An
     * operation blocked in the file at the time (a FIFO) wakes with {@link ClosedResourceError}.
     * Idempotent.
     *
     * @throws IOException if closing failed (the file is closed anyway)
     */
    @Override
    public void close() throws IOException {
        handle.close(
                text == null || !(mode == null || mode.writable())
                        ? null
                        : ch -> {
                            ByteBuffer tail = text.finishEncoding();
                            if (tail != null) {
                                writeFully(ch, tail);
                            }
                            return null;
                        });
    }

    /** Whether {@link #close()} was called. Not a checkpoint. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /** The mode string the file was opened with, or "b" for a wrapped channel. Not a checkpoint. */
    public String mode() {
        return mode != null ? mode.mode() : "b";
    }

    /** Whether the file is in text mode. Not a checkpoint. */
    public boolean isText() {
        return text != null;
    }

    /** The path the file was opened at, or null for a wrapped channel. Not a checkpoint. */
    public Path path() {
        return handle.path();
    }

    /**
     * The channel underneath (AnyIO's {@code wrapped}). Using it directly bypasses the worker
     * thread or the held-back interrupts, the limiter, the lock and the text layer's read-ahead.
     */
    public SeekableByteChannel channel() {
        return handle.channel();
    }

    /**
     * The limiter the operations run under. Not a checkpoint.
     *
     * @throws io.weft.NoRuntimeError if it is the runtime's default and no runtime is current
     */
    public CapacityLimiter limiter() {
        return handle.limiter();
    }

    @Override
    public String toString() {
        return "AsyncFile[" + handle + ", mode=" + mode() + (isClosed() ? ", closed" : "") + "]";
    }

    // ------------------------------------------------------------------ helpers

    private void checkBinary(String method) {
        if (text != null) {
            throw new IllegalStateException(
                    method
                            + " reads or writes bytes, but this file is in"
                            + " text mode '"
                            + mode()
                            + "': open it with 'b' in the mode, or use the text"
                            + " methods");
        }
        if (method.startsWith("read") || method.startsWith("chunks")) {
            checkReadable();
        }
    }

    private void checkText(String method) {
        if (text == null) {
            throw new IllegalStateException(
                    method
                            + " reads or writes text, but this file is in"
                            + " binary mode '"
                            + mode()
                            + "': open it without 'b', or use the byte"
                            + " methods");
        }
        if (!method.startsWith("write")) {
            checkReadable();
        }
    }

    private void checkReadable() {
        if (mode != null && !mode.readable()) {
            throw new IllegalStateException(
                    "this file is not open for reading (mode '" + mode.mode() + "')");
        }
    }

    private void checkWritable() {
        if (mode != null && !mode.writable()) {
            throw new IllegalStateException(
                    "this file is not open for writing (mode '" + mode.mode() + "')");
        }
    }

    private long position(SeekableByteChannel ch) throws IOException {
        if (text != null) {
            return text.tell(ch);
        }
        return ch.position();
    }

    private Void writeFully(SeekableByteChannel ch, ByteBuffer b) throws IOException {
        if (mode != null && mode.emulatedAppend()) {
            ch.position(ch.size());
        }
        while (b.hasRemaining()) {
            ch.write(b);
        }
        return null;
    }
}
