package io.weft.examples;

import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.file.AsyncFile;
import io.weft.file.AsyncPath;
import io.weft.file.PathIterator;
import io.weft.file.TemporaryDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * Scenario S18, files and paths: AnyIO's "Asynchronous file I/O support" and "Temporary files"
 * pages (fileio.rst, tempfile.rst).
 *
 * <p>In a temporary directory it writes {@code hello.txt} with {@link AsyncPath#writeText}, reads
 * it back line by line through an {@link AsyncFile}, finds it with {@code glob("*.txt")}, and shows
 * that the directory is gone after its block. Expected output: {@code hello, world}, {@code second
 * line}, {@code found hello.txt}, {@code directory gone: true}.
 */
public final class FilesAndPaths {
    public static void main(String[] args) {
        run(Examples.options(args), System.out);
    }

    /** Every step is a file operation under the thread limiter, which no cancellation can break. */
    public static void run(RunOptions options, PrintStream out) {
        Weft.run(
                options,
                () -> {
                    try {
                        AsyncPath dir;
                        try (TemporaryDirectory tmp = TemporaryDirectory.create()) {
                            dir = tmp.path();
                            AsyncPath hello = dir.resolve("hello.txt");
                            hello.writeText("hello, world\nsecond line\n");
                            try (AsyncFile f = AsyncFile.open(hello.toPath(), "r")) {
                                for (String line : f.lines()) {
                                    out.println(line.strip());
                                }
                            }
                            try (PathIterator<AsyncPath> found = dir.glob("*.txt")) {
                                for (AsyncPath p : found) {
                                    out.println("found " + p.fileName());
                                }
                            }
                        }
                        out.println("directory gone: " + !dir.exists());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
