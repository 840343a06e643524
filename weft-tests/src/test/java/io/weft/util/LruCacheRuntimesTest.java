package io.weft.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.NoRuntimeError;
import io.weft.RunOptions;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LruCache: one table per runtime, no leak across runs, bad input, calls outside a runtime. */
class LruCacheRuntimesTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachRunHasItsOwnTable(Backend backend) {
        AtomicInteger computations = new AtomicInteger();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder().build(k -> k + computations.incrementAndGet());
        RunOptions options = RunOptions.defaults().backend(backend);
        String first =
                Weft.run(
                        options,
                        () -> {
                            cache.get("k");
                            return cache.get("k");
                        });
        CacheInfo second =
                Weft.run(
                        options,
                        () -> {
                            assertThat(cache.cacheInfo())
                                    .isEqualTo(new CacheInfo(0, 0, 128, 0, null));
                            assertThat(cache.get("k")).isEqualTo("k2"); // not the first run's
                            return cache.cacheInfo();
                        });
        assertThat(first).isEqualTo("k1");
        assertThat(second).isEqualTo(new CacheInfo(0, 1, 128, 1, null));
    }

    @Test
    void runtimesRunningAtOnceKeepSeparateTablesAndClearOnlyTheirOwn() throws Exception {
        // One runtime per backend, all at once: each computes its own value for one key, they
        // meet; VIRTUAL clears its table; they meet again and look.
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder().build(k -> k + "@" + Weft.currentBackend());
        int n = Backend.values().length;
        CyclicBarrier computed = new CyclicBarrier(n);
        CyclicBarrier cleared = new CyclicBarrier(n);
        Map<Backend, List<Object>> seen = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (Backend backend : Backend.values()) {
            callers.add(
                    Thread.ofPlatform()
                            .start(() -> {
                                try {
                                    Weft.run(
                                            RunOptions.defaults().backend(backend),
                                            () -> {
                                                List<Object> mine = new ArrayList<>();
                                                mine.add(cache.get("k"));
                                                computed.await(10, TimeUnit.SECONDS);
                                                if (backend == Backend.VIRTUAL) {
                                                    cache.cacheClear();
                                                }
                                                cleared.await(10, TimeUnit.SECONDS);
                                                mine.add(cache.cacheInfo());
                                                mine.add(cache.get("k"));
                                                seen.put(backend, mine);
                                            });
                                } catch (Throwable t) {
                                    failures.add(t);
                                }
                            }));
        }
        for (Thread t : callers) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(seen.get(Backend.VIRTUAL))
                .containsExactly("k@VIRTUAL", new CacheInfo(0, 0, 128, 0, null), "k@VIRTUAL");
        for (Backend b : List.of(Backend.PLATFORM, Backend.SERIAL)) {
            assertThat(seen.get(b))
                    .containsExactly("k@" + b, new CacheInfo(0, 1, 128, 1, null), "k@" + b);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCacheUsedByAThousandRunsHoldsNothingOfThem(Backend backend) {
        LruCache<Integer, Object, RuntimeException> cache =
                LruCache.builder().build(k -> new Object());
        List<WeakReference<Object>> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(new WeakReference<>(runOnce(backend, cache)));
            assertThat(cache.holdsATable()).as("the fast path still refers to run " + i).isFalse();
        }
        assertThat(reachable(values, () -> {})).as("values of ended runs still reachable").isZero();
    }

    private static Object runOnce(Backend backend, LruCache<Integer, Object, RuntimeException> c) {
        return Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    Object v = c.get(1);
                    assertThat(c.get(1)).isSameAs(v);
                    return v;
                });
    }

    @WeftTest
    void aForgottenCacheDoesNotKeepItsTableForTheRestOfTheRun() {
        List<WeakReference<Object>> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(new WeakReference<>(useAndForgetACache()));
        }
        LruCache<Integer, Integer, RuntimeException> other = LruCache.builder().build(k -> k);
        // Each look-up of a table drops the entries of caches that have been collected.
        assertThat(reachable(values, other::cacheInfo))
                .as("values of forgotten caches still reachable")
                .isZero();
    }

    private static Object useAndForgetACache() {
        LruCache<Integer, Object, RuntimeException> cache =
                LruCache.builder().build(k -> new Object());
        return cache.get(1);
    }

    /** How many of {@code refs} are still reachable after up to ten collections. */
    private static long reachable(List<WeakReference<Object>> refs, Runnable betweenCollections) {
        long alive = refs.size();
        for (int gc = 0; gc < 10 && alive > 0; gc++) {
            System.gc();
            betweenCollections.run();
            alive = refs.stream().filter(r -> r.get() != null).count();
        }
        return alive;
    }

    @Test
    void badParametersAreRejectedWithAMessage() {
        LruCache.Builder b = LruCache.builder();
        assertThatThrownBy(() -> b.maxSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxSize is -1: pass 0 (no caching) or a positive size")
                .hasMessageContaining("unbounded()");
        assertThatThrownBy(() -> b.ttl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ttl is PT0S: pass a positive duration, or null");
        assertThatThrownBy(() -> b.ttl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ttl is PT-1S");
        assertThatThrownBy(() -> b.build(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessage("fn is null: pass the function that computes a key's value");
        // Null ttl means none; the builder is immutable.
        assertThat(b.ttl(Duration.ofSeconds(1)).ttl(null))
                .hasToString("LruCache.Builder[maxSize=128, ttl=none, alwaysCheckpoint=false]");
        assertThat(b.maxSize(5)).isNotSameAs(b);
        assertThat(b)
                .hasToString("LruCache.Builder[maxSize=128, ttl=none, alwaysCheckpoint=false]");
    }

    @WeftTest
    void aNullKeyIsRejectedWithAMessage() {
        LruCache<String, String, RuntimeException> cache = LruCache.builder().build(k -> k);
        assertThatThrownBy(() -> cache.get(null))
                .isExactlyInstanceOf(NullPointerException.class)
                .hasMessageStartingWith("key is null: an LruCache key cannot be null");
        assertThat(cache.cacheInfo().misses()).isZero();
    }

    @WeftTest(clock = WeftTest.Clock.MOCK)
    void aHugeTtlNeverExpires() {
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder().ttl(Duration.ofDays(365L * 1_000_000)).build(k -> k);
        cache.get("k");
        cache.get("k");
        assertThat(cache.cacheInfo().hits()).isEqualTo(1);
    }

    @Test
    void everyMethodOutsideARuntimeThrowsNoRuntimeError() {
        LruCache<String, String, RuntimeException> cache = LruCache.builder().build(k -> k);
        assertThatThrownBy(() -> cache.get("k")).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(cache::cacheInfo).isInstanceOf(NoRuntimeError.class);
        assertThatThrownBy(cache::cacheClear).isInstanceOf(NoRuntimeError.class);
    }

    @WeftTest
    void anUnboundedCacheEvictsNothing() {
        LruCache<Integer, Integer, RuntimeException> cache =
                LruCache.builder().unbounded().build(k -> k);
        for (int i = 0; i < 1000; i++) {
            cache.get(i);
        }
        for (int i = 0; i < 1000; i++) {
            cache.get(i);
        }
        assertThat(cache.cacheInfo())
                .isEqualTo(new CacheInfo(1000, 1000, Integer.MAX_VALUE, 1000, null));
    }
}
