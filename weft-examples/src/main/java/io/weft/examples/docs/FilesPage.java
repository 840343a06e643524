package io.weft.examples.docs;

import io.weft.CancelScope;
import io.weft.Weft;
import io.weft.file.AsyncFile;
import io.weft.file.AsyncPath;
import io.weft.file.NamedTemporaryFile;
import io.weft.file.PathIterator;
import io.weft.file.SpooledTemporaryFile;
import io.weft.file.TemporaryDirectory;
import io.weft.file.TemporaryFile;
import io.weft.file.WalkEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * The code samples of docs/files.md and docs/paths.md (see {@code DocSamples}); {@code
 * FilesPageTest} runs them on every backend, in a temporary directory.
 */
public final class FilesPage {
    private FilesPage() {}

    /** Text written and read by lines, bytes read in chunks. */
    public static void files(Path dir, MessageDigest digest) throws IOException {
        // region files
        try (AsyncFile f = AsyncFile.open(dir.resolve("notes.txt"), "w")) {
            f.write("first\nsecond\n");
        }
        try (AsyncFile f = AsyncFile.open(dir.resolve("notes.txt"), "r")) {
            for (String line : f.lines()) {
                System.out.print(line);                 // "first\n", then "second\n"
            }
        }
        try (AsyncFile f = AsyncFile.open(dir.resolve("data.bin"), "rb")) {
            for (byte[] chunk : f.chunks(64 * 1024)) {
                digest.update(chunk);
            }
        }
        // endregion
    }

    static void process(byte[] b) {
        System.out.println("read " + b.length + " bytes");
    }

    /** A read that completes although the timeout fires during it. */
    public static void cancelledRead(AsyncFile f) throws IOException {
        // region cancelled-read
        CancelScope scope = Weft.moveOnAfter(Duration.ofSeconds(1), s -> {
            byte[] b = f.read(1 << 20);   // the timeout waits for this read...
            process(b);                   // ...which returns its bytes
            Weft.checkpoint();            // and arrives here
        });
        long pos = f.tell();              // exactly after the completed read
        // endregion
        System.out.println("at " + pos + ", moved on: " + scope.cancelledCaught());
    }

    static void tool(AsyncPath path) throws IOException {
        System.out.println("the tool reads " + path.readBytes().length + " bytes");
    }

    /** Each kind of temporary file once. */
    public static void temporaryFiles(byte[] data, byte[] chunk) throws IOException {
        // region tempfiles
        try (AsyncFile f = TemporaryFile.create()) {                  // no name on disk at all
            f.write(data); f.seek(0); byte[] back = f.read();
        }
        try (NamedTemporaryFile t = NamedTemporaryFile.create(true)) { // deleted on close
            t.file().write(data); t.file().flush();
            tool(t.path());
        }
        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(1 << 20)) {
            s.file().write(chunk);                                    // memory while <= 1 MiB, then disk
            s.rolledOver();
        }
        try (TemporaryDirectory d = TemporaryDirectory.create()) {     // rmtree on close
            d.path().resolve("notes.txt").writeText("...");
        }
        // endregion
    }

    /** The path operations of docs/paths.md, under {@code base}. */
    public static void paths(AsyncPath base) throws IOException {
        // region paths
        AsyncPath data = base.resolve("data");
        data.mkdir(true, true);                                    // parents, exist ok
        AsyncPath hello = data.resolve("hello.txt");               // pure: data / "hello.txt"
        hello.writeText("hello\n");                                // UTF-8
        String text = hello.readText();
        byte[] raw = hello.withSuffix(".bin").readBytes();         // NoSuchFileException if missing

        try (PathIterator<AsyncPath> entries = data.iterdir()) {   // close releases the directory
            for (AsyncPath entry : entries) {
                System.out.println(entry.name() + " " + entry.stat().size());
            }
        }

        try (PathIterator<AsyncPath> logs = data.glob("**/*.log")) {   // pathlib's glob
            for (AsyncPath log : logs) log.unlink();
        }

        try (PathIterator<WalkEntry> walk = data.walk()) {             // Python 3.12's Path.walk
            for (WalkEntry e : walk) {
                e.dirNames().remove(".git");                           // prune, as in Python
                System.out.println(e.dir() + ": " + e.fileNames());
            }
        }

        data.rmtree();                                                 // refuses a symbolic link
        // endregion
        System.out.println(text.strip() + " " + raw.length);
    }
}
