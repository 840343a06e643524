package io.weft.examples.docs;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.util.LruCache;
import io.weft.util.Tasks;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The samples of docs/utilities.md (see {@code DocSamples}); {@code UtilitiesPageTest} runs them.
 */
public final class UtilitiesPage {
    private UtilitiesPage() {}

    /** A "page" that takes ten milliseconds per character of its path to fetch. */
    static String fetch(String path) {
        Weft.sleep(Duration.ofMillis(10L * path.length()));
        return "page " + path;
    }

    /** The four shapes of {@code Tasks}. Call it from a task. */
    public static void tasks() {
        // region tasks
        List<String> pages = Tasks.gather(() -> fetch("/a"), () -> fetch("/b"), () -> fetch("/c"));
        String fastest = Tasks.race(() -> fetch("/mirror-1"), () -> fetch("/mirror-22"));
        List<Integer> lengths = Tasks.map(pages, 8, page -> page.length()); // at most 8 at once
        System.out.println(pages + " " + fastest + " " + lengths);

        TaskGroup.run(tg -> {
            try (MemoryObjectReceiveStream<String> done =
                    Tasks.asCompleted(tg, List.of("/slow-one", "/x"), 10, path -> fetch(path))) {
                for (String page : done) { // in the order they complete
                    System.out.println(page);
                }
            }
        });
        // endregion
    }

    // region lru-cache
    // One cache for the program; each runtime that uses it gets its own table.
    static final LruCache<String, Integer, IOException> SIZES =
            LruCache.builder()
                    .maxSize(1000) // default 128; unbounded() for no limit
                    .ttl(Duration.ofMinutes(5)) // default: values never expire
                    .build(UtilitiesPage::sizeOf);

    static int sizeOf(String path) throws IOException {
        System.out.println("reading " + path);
        Weft.sleep(Duration.ofMillis(100)); // stands for slow I/O; a failure is not cached
        return path.length();
    }

    /** Ten tasks ask for the same key: one computes, nine wait for it. Call it from a task. */
    public static void tenTasksOneComputation() {
        TaskGroup.run(tg -> {
            for (int i = 0; i < 10; i++) {
                tg.startSoon(() -> SIZES.get("/etc/hosts"));
            }
        });
        System.out.println(SIZES.cacheInfo());
    }
    // endregion
}
