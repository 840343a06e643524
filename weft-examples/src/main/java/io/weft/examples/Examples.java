package io.weft.examples;

import io.weft.Backend;
import io.weft.RunOptions;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the example programs share: turning their command line into {@link RunOptions}. Not a
 * program itself.
 *
 * <p>Every program takes one optional argument, the backend to run on ({@code VIRTUAL} or {@code
 * PLATFORM}, in any case): {@code ./build example QuickStart PLATFORM}.
 */
public final class Examples {
    private Examples() {}

    /**
     * The options for a program's command line: {@link RunOptions#defaults()} without an argument,
     * else those defaults with the backend named by {@code args[0]} (case-insensitive).
     *
     * @throws IllegalArgumentException if the name is not a backend, or there is more than one
     *     argument; the message lists the backends
     */
    public static RunOptions options(String[] args) {
        if (args.length == 0) {
            return RunOptions.defaults();
        }
        if (args.length > 1) {
            throw new IllegalArgumentException(
                    "expected at most one argument, the backend ("
                            + backendNames()
                            + "), but got "
                            + args.length
                            + ": "
                            + String.join(" ", args));
        }
        for (Backend b : Backend.values()) {
            if (b.name().equalsIgnoreCase(args[0])) {
                return RunOptions.defaults().backend(b);
            }
        }
        throw new IllegalArgumentException(
                "unknown backend '"
                        + args[0]
                        + "'; the backends are "
                        + backendNames()
                        + " (in any case)");
    }

    private static String backendNames() {
        return Arrays.stream(Backend.values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
