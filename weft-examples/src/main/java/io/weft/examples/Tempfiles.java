package io.weft.examples;

import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.file.AsyncFile;
import io.weft.file.AsyncPath;
import io.weft.file.NamedTemporaryFile;
import io.weft.file.SpooledTemporaryFile;
import io.weft.file.TempfileOptions;
import io.weft.file.TemporaryDirectory;
import io.weft.file.TemporaryFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;

/**
 * Each kind of temporary file once, AnyIO's "Temporary files" page (tempfile.rst): all of them are
 * made in one {@code mkdtemp} directory, which is empty again after each block. Expected output:
 * {@code TemporaryFile read back: temporary}, {@code NamedTemporaryFile exists: true}, {@code
 * SpooledTemporaryFile rolled over: false, then true}, {@code TemporaryDirectory holds 1 file},
 * each followed by {@code left behind: 0}.
 */
public final class Tempfiles {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** A block that makes a temporary file leaves nothing behind, however it ends. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    try {
                        AsyncPath dir =
                                io.weft.file.Tempfiles.mkdtemp("tempfiles-example", null, null);
                        var in = TempfileOptions.defaults().dir(dir.toPath());
                        try (AsyncFile f = TemporaryFile.create(in)) {
                            f.write("temporary".getBytes(StandardCharsets.UTF_8));
                            f.seek(0);
                            out.println(
                                    "TemporaryFile read back: "
                                            + new String(f.read(), StandardCharsets.UTF_8));
                        }
                        out.println("left behind: " + count(dir));
                        try (NamedTemporaryFile t = NamedTemporaryFile.create(true, in)) {
                            out.println("NamedTemporaryFile exists: " + t.path().exists());
                        }
                        out.println("left behind: " + count(dir));
                        try (SpooledTemporaryFile s = SpooledTemporaryFile.create(8, in)) {
                            s.file().write(new byte[8]);
                            boolean before = s.rolledOver();
                            s.file().write(new byte[1]);
                            out.println(
                                    "SpooledTemporaryFile rolled over: "
                                            + before
                                            + ", then "
                                            + s.rolledOver());
                        }
                        out.println("left behind: " + count(dir));
                        try (TemporaryDirectory t =
                                TemporaryDirectory.create(null, null, dir.toPath())) {
                            t.path().resolve("notes.txt").writeText("notes");
                            out.println("TemporaryDirectory holds " + count(t.path()) + " file");
                        }
                        out.println("left behind: " + count(dir));
                        dir.rmdir();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static long count(AsyncPath dir) throws IOException {
        try (Stream<?> s = Files.list(dir.toPath())) {
            return s.count();
        }
    }
}
