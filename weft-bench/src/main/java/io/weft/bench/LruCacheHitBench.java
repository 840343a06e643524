package io.weft.bench;

import io.weft.Weft;
import io.weft.util.LruCache;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A hit on a warmed {@link LruCache}, {@value #K} times in one {@code Weft.run}'s root task, beside
 * a {@link ConcurrentHashMap#computeIfAbsent} hit the same number of times in one raw virtual
 * thread. Both sides cycle through {@value #KEYS} keys (boxed once), all present, and sum the
 * values.
 *
 * <p>{@code weft} is a default cache (128 entries, so every hit on a key that is not the most
 * recently used moves it in the LRU list, under the table's monitor: with the keys in a cycle,
 * every hit does); {@code weft_unbounded} is {@code unbounded()}, which keeps no LRU order, so a
 * hit takes no lock; {@code weft_sameKey} hits one key of a default cache over and over, the most
 * recently used, which needs no move either. Each invocation is a new runtime and so a new table:
 * the {@value #KEYS} misses that warm it are spread over the {@value #K} hits, as the baseline's
 * map is built and warmed per invocation.
 *
 * <p>What a hit costs beyond the map's own look-up: finding the calling task (a field of its
 * thread), the runtime's table (one field, the cache's last table, while the cache is used from one
 * runtime), and counting the hit (a {@code LongAdder} add, or a plain add under the monitor).
 */
public class LruCacheHitBench extends OnVirtualThread {
    static final int K = 1_000_000;
    static final int KEYS = 16;

    private static final ThreadFactory VIRTUAL = Thread.ofVirtual().factory();
    private static final Integer[] KEY = new Integer[KEYS];

    static {
        for (int i = 0; i < KEYS; i++) {
            KEY[i] = 1000 + i; // outside Integer's cache, as most keys are
        }
    }

    /** {@code cache.get(key)}, a default cache, keys in a cycle. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft() {
        LruCache<Integer, Integer, RuntimeException> cache = LruCache.builder().build(k -> k * 2);
        return Weft.run(() -> weftLoop(cache, KEYS - 1));
    }

    /** The same with an unbounded cache (no LRU order kept). */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft_unbounded() {
        LruCache<Integer, Integer, RuntimeException> cache =
                LruCache.builder().unbounded().build(k -> k * 2);
        return Weft.run(() -> weftLoop(cache, KEYS - 1));
    }

    /** A default cache, one key, always the most recently used. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long weft_sameKey() {
        LruCache<Integer, Integer, RuntimeException> cache = LruCache.builder().build(k -> k * 2);
        return Weft.run(() -> weftLoop(cache, 0));
    }

    private static long weftLoop(LruCache<Integer, Integer, RuntimeException> cache, int mask) {
        for (Integer k : KEY) {
            cache.get(k); // warm: the misses
        }
        long sum = 0;
        for (int i = 0; i < K; i++) {
            sum += cache.get(KEY[i & mask]);
        }
        return sum;
    }

    /** {@code map.computeIfAbsent(key, k -> k * 2)}, every key present, keys in a cycle. */
    @Benchmark
    @OperationsPerInvocation(K)
    public long baseline_concurrentHashMap() throws InterruptedException {
        long[] result = new long[1];
        Thread t =
                VIRTUAL.newThread(() -> {
                    ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
                    Function<Integer, Integer> fn = k -> k * 2;
                    for (Integer k : KEY) {
                        map.computeIfAbsent(k, fn);
                    }
                    long sum = 0;
                    for (int i = 0; i < K; i++) {
                        sum += map.computeIfAbsent(KEY[i & (KEYS - 1)], fn);
                    }
                    result[0] = sum;
                });
        t.start();
        t.join();
        return result[0];
    }
}
