package io.weft.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import io.weft.testing.Checkpoints;
import io.weft.testing.MockClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * LruCache: AnyIO's {@code tests/test_functools.py} lru_cache tests that apply to Java, then
 * single-flight, cancellation, failures, checkpoints and expiry. Runtimes, leaks and bad input are
 * in {@link LruCacheRuntimesTest}.
 *
 * <p>Not ported: {@code test_wrap_sync_callable} (no sync/async split in Java), {@code
 * test_bad_func_argument} (the compiler checks it), {@code test_untyped_caching}/{@code
 * test_caching} with {@code typed} (keys are compared with {@code equals}: see {@link
 * #keysAreComparedWithEquals}), the cached static/class/instance method tests (a Java cache is a
 * field; a method calls {@code get}) and {@code test_type_overloads}.
 *
 * <p>Not ported either: the whole of {@code TestReduce}, AnyIO's tests of {@code
 * anyio.functools.reduce} ({@code test_not_iterable}, {@code test_no_initial}, {@code
 * test_has_initial}, {@code test_empty_iter_no_initial}, {@code test_asynciter_no_initial}, {@code
 * test_asynciter_has_initial}, {@code test_empty_iterable_no_initial}, {@code
 * test_empty_async_iterable_no_initial}, {@code test_checkpoints_empty_iterable}, {@code
 * test_checkpoints_empty_async_iterable}). Weft has no {@code reduce}: AnyIO needs one because its
 * reducing function is a coroutine that Python's {@code functools.reduce} cannot await, while a
 * Weft task is a thread, so a function that waits (sleeps, receives, takes a checkpoint) is an
 * ordinary function, and {@code Stream.reduce} (or a loop over an iterable or a receive stream)
 * already does what AnyIO's {@code reduce} does. Java has no async iterables to reduce over, a
 * non-iterable argument does not compile, {@code Stream.reduce(op)} returns an empty {@code
 * Optional} where AnyIO raises {@code TypeError} for an empty input, and {@code Stream.reduce}
 * takes no checkpoint of its own (the two checkpoint tests). The table of docs/utilities.md
 * ("AnyIO's itertools, the Java way") maps {@code functools.reduce} to {@code
 * stream.reduce(identity, op)}.
 */
class LruCacheTest {

    private static final int DEFAULT = LruCache.DEFAULT_MAX_SIZE;

    // AnyIO: TestCache::test_wrap_async_callable (cache = lru_cache(maxsize=None))
    @WeftTest
    void anUnboundedCacheCountsAHitAndAMiss() {
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder().unbounded().build(x -> checkpointThen(x));
        assertThat(func.get(1)).isEqualTo(1);
        assertThat(func.get(1)).isEqualTo(1);
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(1, 1, Integer.MAX_VALUE, 1, null));
    }

    // AnyIO: TestAsyncLRUCache::test_cache_parameters
    @WeftTest
    void theParametersAreReported() {
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder().maxSize(10).ttl(Duration.ofSeconds(3)).build(x -> x);
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 0, 10, 0, Duration.ofSeconds(3)));
        assertThat(func).hasToString("LruCache[maxSize=10, ttl=PT3S, alwaysCheckpoint=false]");
        assertThat(LruCache.builder().unbounded().alwaysCheckpoint(true))
                .hasToString(
                        "LruCache.Builder[maxSize=unbounded, ttl=none, alwaysCheckpoint=true]");
    }

    // AnyIO: TestAsyncLRUCache::test_no_caching[0] (maxsize -1 is an error here: see
    // LruCacheRuntimesTest)
    @WeftTest
    void maxSizeZeroComputesEveryTime() {
        AtomicInteger calls = new AtomicInteger();
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder()
                        .maxSize(0)
                        .build(x -> {
                            calls.incrementAndGet();
                            return checkpointThen(x);
                        });
        assertThat(func.get(1)).isEqualTo(1);
        assertThat(func.get(2)).isEqualTo(2);
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 2, 0, 0, null));
        assertThat(func.get(1)).isEqualTo(1);
        assertThat(calls).hasValue(3);
    }

    // AnyIO: TestAsyncLRUCache::test_cache_clear
    @WeftTest
    void cacheClearEmptiesTheTableAndResetsTheStatistics() {
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder().build(x -> checkpointThen(x));
        assertThat(func.get(1)).isEqualTo(1);
        for (int i = 0; i < 2; i++) {
            assertThat(func.get(1)).isEqualTo(1);
            assertThat(func.get(2)).isEqualTo(2);
        }
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(3, 2, 128, 2, null));
        func.cacheClear();
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 0, 128, 0, null));
        func.get(1);
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 1, 128, 1, null));
    }

    // AnyIO: TestAsyncLRUCache::test_caching / test_untyped_caching, the Java way: a key is equal
    // only to keys of its own class here (1 and 1L differ), which is what typed=True gives.
    @WeftTest
    void keysAreComparedWithEquals() {
        record Args(Object x, Object y) {}
        LruCache<Args, Long, RuntimeException> func =
                LruCache.builder()
                        .build(a -> ((Number) a.x()).longValue() * ((Number) a.y()).longValue());
        for (int i = 0; i < 2; i++) {
            assertThat(func.get(new Args(3, 4))).isEqualTo(12L);
            assertThat(func.get(new Args(3L, 4L))).isEqualTo(12L);
        }
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(2, 2, DEFAULT, 2, null));
    }

    // AnyIO: TestAsyncLRUCache::test_lru_eviction
    @WeftTest
    void theLeastRecentlyUsedValueIsEvicted() {
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder().maxSize(3).build(x -> checkpointThen(x));
        for (int i = 0; i < 3; i++) {
            func.get(i);
        }
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 3, 3, 3, null));

        func.get(3); // caches 3, evicts 0
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 4, 3, 3, null));

        func.get(0); // a miss now; evicts 1
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 5, 3, 3, null));

        for (int i : new int[] {0, 2, 3}) {
            func.get(i);
        }
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(3, 5, 3, 3, null));
    }

    @WeftTest
    void aHitMakesTheEntryTheMostRecentlyUsed() {
        List<Integer> computed = new CopyOnWriteArrayList<>();
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder()
                        .maxSize(3)
                        .build(x -> {
                            computed.add(x);
                            return x;
                        });
        func.get(0);
        func.get(1);
        func.get(2);
        func.get(0); // hit: 1 is now the least recently used
        func.get(3); // evicts 1
        func.get(0);
        func.get(2);
        func.get(3);
        assertThat(computed).containsExactly(0, 1, 2, 3);
        func.get(1); // evicts 0, the least recently used of 0, 2, 3 (hit in that order)
        func.get(2);
        func.get(3);
        assertThat(computed).containsExactly(0, 1, 2, 3, 1);
        func.get(0);
        assertThat(computed).containsExactly(0, 1, 2, 3, 1, 0);
    }

    @WeftTest
    void evictionsAndExpiriesMatchALinkedHashMapInAccessOrder(MockClock clock) {
        // A reference LRU: the JDK's access-ordered LinkedHashMap, bounded by removeEldestEntry,
        // holding each key's expiry time. Random gets, clock jumps and an occasional clear must
        // miss on exactly the same calls, with and without a ttl, bounded and unbounded.
        for (Duration ttl : Arrays.asList(null, Duration.ofMillis(50))) {
            for (int maxSize : new int[] {1, 2, 3, 7, 50, Integer.MAX_VALUE}) {
                checkAgainstTheModel(clock, maxSize, ttl);
            }
        }
    }

    private static void checkAgainstTheModel(MockClock clock, int maxSize, Duration ttl) {
        Map<Integer, Long> model =
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
                        return size() > maxSize;
                    }
                };
        List<Integer> computed = new ArrayList<>();
        LruCache<Integer, Integer, RuntimeException> cache =
                LruCache.builder()
                        .maxSize(maxSize)
                        .ttl(ttl)
                        .build(k -> {
                            computed.add(k);
                            return -k;
                        });
        Random random = new Random(maxSize);
        long hits = 0;
        long misses = 0;
        for (int i = 0; i < 5000; i++) {
            if (random.nextInt(500) == 0) {
                cache.cacheClear();
                model.clear();
                hits = 0;
                misses = 0;
                continue;
            }
            if (ttl != null && random.nextInt(10) == 0) {
                clock.jump(Duration.ofMillis(random.nextInt(20)));
            }
            // Skewed keys, so that some stay hot and some come back after a long while.
            int bound = (int) Math.min(maxSize + 2L, 100);
            int k = random.nextBoolean() ? random.nextInt(bound) : random.nextInt(100);
            computed.clear();
            assertThat(cache.get(k)).isEqualTo(-k);
            Long expiresAt = model.get(k);
            boolean modelMiss = expiresAt == null || Weft.now() >= expiresAt;
            if (modelMiss) {
                model.remove(k);
                model.put(k, ttl == null ? Long.MAX_VALUE : Weft.now() + ttl.toNanos());
                misses++;
            } else {
                hits++;
            }
            assertThat(computed)
                    .as("maxSize %d, ttl %s, get %d of key %d", maxSize, ttl, i, k)
                    .isEqualTo(modelMiss ? List.of(k) : List.of());
        }
        assertThat(cache.cacheInfo())
                .isEqualTo(new CacheInfo(hits, misses, maxSize, model.size(), ttl));
    }

    // AnyIO: TestAsyncLRUCache::test_concurrent_access
    @WeftTest
    void aSecondCallerWaitsForTheFirstCallersComputation() {
        Event event = new Event();
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder()
                        .build(x -> {
                            event.await();
                            return x;
                        });
        TaskGroup.run(tg -> {
            tg.startSoon(() -> func.get(1));
            tg.startSoon(() -> func.get(1));
            Weft.waitAllTasksBlocked();
            event.set();
        });
        assertThat(func.cacheInfo().hits()).isEqualTo(1);
        assertThat(func.cacheInfo().misses()).isEqualTo(1);
    }

    // AnyIO: TestAsyncLRUCache::test_args_kwargs_cache_key, the Java way: a record of the
    // arguments is the key, and different records are different keys.
    @WeftTest
    void aRecordOfTheArgumentsIsTheKey() {
        record Positional(int a, String b, int c) {}
        record Named(int a, int y) {}
        AtomicInteger counter = new AtomicInteger();
        LruCache<Record, Integer, RuntimeException> func =
                LruCache.builder().build(args -> checkpointThen(counter.incrementAndGet()));
        assertThat(func.get(new Positional(1, "y", 2))).isEqualTo(1);
        assertThat(func.get(new Named(1, 2))).isEqualTo(2);
        assertThat(func.get(new Positional(1, "y", 2))).isEqualTo(1);
    }

    // AnyIO: TestAsyncLRUCache::test_cache_same_function_twice
    @WeftTest
    void twoCachesOfOneFunctionAreSeparate() {
        AtomicInteger counter = new AtomicInteger();
        CheckedFunctionOfString func = k -> checkpointThen(counter.incrementAndGet());
        LruCache<String, Integer, RuntimeException> cached1 = LruCache.builder().build(func);
        LruCache<String, Integer, RuntimeException> cached2 = LruCache.builder().build(func);
        assertThat(cached1.get("")).isEqualTo(1);
        assertThat(cached2.get("")).isEqualTo(2);
    }

    private interface CheckedFunctionOfString
            extends io.weft.CheckedFunction<String, Integer, RuntimeException> {}

    // AnyIO: TestAsyncLRUCache::test_lock_granularity
    @WeftTest
    void differentKeysAreComputedConcurrently() throws Exception {
        Event event = new Event();
        LruCache<Boolean, Boolean, RuntimeException> func =
                LruCache.builder()
                        .build(setEvent -> {
                            if (setEvent) {
                                event.set();
                            } else {
                                event.await();
                            }
                            return setEvent;
                        });
        Weft.failAfter(
                Duration.ofSeconds(5),
                () ->
                        TaskGroup.run(tg -> {
                            tg.startSoon(() -> func.get(false));
                            tg.startSoon(() -> func.get(true));
                        }));
        assertThat(func.cacheInfo().misses()).isEqualTo(2);
    }

    // AnyIO: TestAsyncLRUCache::test_always_checkpoint
    @WeftTest
    void withAlwaysCheckpointAHitInACancelledScopeThrows() {
        LruCache<Integer, Integer, RuntimeException> func =
                LruCache.builder().alwaysCheckpoint(true).build(x -> x);
        func.get(1);
        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(() -> assertThatThrownBy(() -> func.get(1)).isInstanceOf(Cancelled.class));
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(0, 1, DEFAULT, 1, null));
        Checkpoints.assertCheckpoints(() -> func.get(1));
    }

    @WeftTest
    void aHitIsNotACheckpointAndAMissIs() {
        LruCache<Integer, Integer, RuntimeException> func = LruCache.builder().build(x -> x);
        Checkpoints.assertCheckpoints(() -> func.get(1));
        Checkpoints.assertNoCheckpoints(() -> func.get(1));

        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(() -> {
            assertThat(func.get(1)).isEqualTo(1); // a hit: no cancel point
            assertThatThrownBy(() -> func.get(2)).isInstanceOf(Cancelled.class);
        });
        // Two hits; the cancelled miss neither computed nor counted anything.
        assertThat(func.cacheInfo()).isEqualTo(new CacheInfo(2, 1, DEFAULT, 1, null));
    }

    // AnyIO: TestAsyncLRUCache::test_ttl_cache_hit
    @WeftTest
    void aValueIsAHitWithinItsTtl() {
        AtomicBoolean called = new AtomicBoolean();
        LruCache<String, Boolean, RuntimeException> func =
                LruCache.builder()
                        .ttl(Duration.ofSeconds(1))
                        .build(k -> checkpointThen(called.getAndSet(true)));
        assertThat(func.get("")).isFalse();
        assertThat(func.get("")).isFalse();
        assertThat(func.cacheInfo())
                .isEqualTo(new CacheInfo(1, 1, DEFAULT, 1, Duration.ofSeconds(1)));
    }

    // AnyIO: TestAsyncLRUCache::test_ttl_expiration_evicts, on virtual time
    @WeftTest
    void anExpiredValueIsComputedAgain(MockClock clock) {
        AtomicBoolean called = new AtomicBoolean();
        LruCache<String, Boolean, RuntimeException> func =
                LruCache.builder()
                        .ttl(Duration.ofSeconds(1))
                        .build(k -> checkpointThen(called.getAndSet(true)));
        assertThat(func.get("")).isFalse();
        clock.jump(Duration.ofMillis(999));
        assertThat(func.get("")).isFalse(); // still fresh
        clock.jump(Duration.ofMillis(1));
        assertThat(func.get("")).isTrue(); // expired exactly at the ttl: a miss
        assertThat(func.cacheInfo())
                .isEqualTo(new CacheInfo(1, 2, DEFAULT, 1, Duration.ofSeconds(1)));
    }

    @WeftTest
    void theTtlRunsFromTheEndOfTheComputation(MockClock clock) {
        LruCache<String, Long, RuntimeException> func =
                LruCache.builder()
                        .ttl(Duration.ofSeconds(1))
                        .build(k -> {
                            clock.jump(Duration.ofSeconds(5)); // a slow computation
                            return Weft.now();
                        });
        long computedAt = func.get("");
        clock.jump(Duration.ofMillis(999));
        assertThat(func.get("")).isEqualTo(computedAt);
        assertThat(func.cacheInfo().hits()).isEqualTo(1);
    }

    // AnyIO: TestAsyncLRUCache::test_ttl_contested_lock
    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void oneOfAHundredConcurrentCallersComputes() {
        for (boolean checkpoint : new boolean[] {false, true}) {
            AtomicInteger callCount = new AtomicInteger();
            LruCache<Duration, String, RuntimeException> sleeper =
                    LruCache.builder()
                            .ttl(Duration.ofSeconds(1))
                            .alwaysCheckpoint(checkpoint)
                            .build(time -> {
                                callCount.incrementAndGet();
                                Weft.sleep(time);
                                return "slept";
                            });
            TaskGroup.run(tg -> {
                for (int i = 0; i < 100; i++) {
                    tg.startSoon(() -> sleeper.get(Duration.ofMillis(100)));
                }
            });
            assertThat(callCount).as("alwaysCheckpoint=" + checkpoint).hasValue(1);
            assertThat(sleeper.cacheInfo().hits()).isEqualTo(99);
        }
    }

    // AnyIO: TestAsyncLRUCache::test_ttl_sequential
    @WeftTest(clock = WeftTest.Clock.AUTOJUMP)
    void sequentialCallsWithinTheTtlAreHits() {
        for (boolean checkpoint : new boolean[] {false, true}) {
            LruCache<Duration, String, RuntimeException> sleeper =
                    LruCache.builder()
                            .ttl(Duration.ofSeconds(1))
                            .alwaysCheckpoint(checkpoint)
                            .build(time -> {
                                Weft.sleep(time);
                                return "slept";
                            });
            CancelScope scope =
                    Weft.moveOnAfter(
                            Duration.ofSeconds(1),
                            () -> {
                                for (int i = 0; i < 100; i++) {
                                    sleeper.get(Duration.ofMillis(100));
                                }
                            });
            assertThat(scope.cancelledCaught()).as("alwaysCheckpoint=" + checkpoint).isFalse();
        }
    }

    // ---------------------------------------------------------------- single-flight

    @WeftTest
    void fiftyConcurrentCallersShareOneComputation() {
        Event release = new Event();
        AtomicInteger computations = new AtomicInteger();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            computations.incrementAndGet();
                            release.await();
                            return k.toUpperCase();
                        });
        List<String> results = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < 50; i++) {
                tg.startSoon(() -> results.add(cache.get("k")));
            }
            Weft.waitAllTasksBlocked(); // one computes, 49 wait
            assertThat(computations).hasValue(1);
            release.set();
        });
        assertThat(results).hasSize(50).containsOnly("K");
        assertThat(computations).hasValue(1);
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(49, 1, DEFAULT, 1, null));
    }

    @WeftTest
    void aCancelledWaiterLeavesTheComputationGoingForTheOthers() {
        Event release = new Event();
        AtomicInteger computations = new AtomicInteger();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            computations.incrementAndGet();
                            release.await();
                            return k + "!";
                        });
        CancelScope impatient = new CancelScope();
        List<String> got = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> got.add("owner " + cache.get("k")));
            Weft.waitAllTasksBlocked(); // the owner computes
            tg.startSoon(() -> impatient.run(() -> got.add("impatient " + cache.get("k"))));
            tg.startSoon(() -> got.add("patient " + cache.get("k")));
            Weft.waitAllTasksBlocked(); // both wait for the owner
            impatient.cancel();
            Weft.waitAllTasksBlocked(); // the impatient one has left
            assertThat(impatient.cancelledCaught()).isTrue();
            release.set();
        });
        assertThat(got).containsExactlyInAnyOrder("owner k!", "patient k!");
        assertThat(computations).hasValue(1);
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(1, 1, DEFAULT, 1, null));
    }

    @WeftTest
    void whenTheComputingCallerIsCancelledTheFirstWaiterComputes() {
        Event never = new Event();
        List<String> computedBy = new CopyOnWriteArrayList<>();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            String me = Weft.currentTask().name();
                            computedBy.add(me);
                            if (me.equals("owner")) {
                                never.await();
                            }
                            return k + " by " + me;
                        });
        CancelScope ownerScope = new CancelScope();
        List<String> got = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon("owner", () -> ownerScope.run(() -> got.add(cache.get("k"))));
            Weft.waitAllTasksBlocked();
            tg.startSoon("w1", () -> got.add("w1: " + cache.get("k")));
            Weft.waitAllTasksBlocked();
            tg.startSoon("w2", () -> got.add("w2: " + cache.get("k")));
            Weft.waitAllTasksBlocked();
            ownerScope.cancel();
        });
        assertThat(ownerScope.cancelledCaught()).isTrue();
        assertThat(computedBy).containsExactly("owner", "w1");
        assertThat(got).containsExactlyInAnyOrder("w1: k by w1", "w2: k by w1");
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(1, 2, DEFAULT, 1, null));
    }

    @WeftTest
    void aFailedComputationIsHandedToAWaiterThatIsStillWaiting() {
        Event fail = new Event();
        AtomicInteger calls = new AtomicInteger();
        LruCache<String, String, IOException> cache =
                LruCache.builder()
                        .build(k -> {
                            if (calls.incrementAndGet() == 1) {
                                fail.await();
                                throw new IOException("first computation failed");
                            }
                            return "second";
                        });
        CancelScope gaveUp = new CancelScope();
        List<String> got = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> {
                try {
                    cache.get("k");
                } catch (IOException e) {
                    got.add("owner: " + e.getMessage());
                }
            });
            Weft.waitAllTasksBlocked();
            tg.startSoon(() -> gaveUp.run(() -> got.add("gave up: " + cache.get("k"))));
            Weft.waitAllTasksBlocked();
            tg.startSoon(() -> got.add("w2: " + cache.get("k")));
            tg.startSoon(() -> got.add("w3: " + cache.get("k")));
            Weft.waitAllTasksBlocked();
            gaveUp.cancel(); // the first waiter leaves: the turn must skip it
            Weft.waitAllTasksBlocked();
            fail.set();
        });
        assertThat(got)
                .containsExactlyInAnyOrder(
                        "owner: first computation failed", "w2: second", "w3: second");
        assertThat(calls).hasValue(2);
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(1, 2, DEFAULT, 1, null));
    }

    @WeftTest
    void aFailedComputationIsNotCached() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        LruCache<Integer, Integer, IOException> cache =
                LruCache.builder()
                        .build(x -> {
                            if (calls.incrementAndGet() == 1) {
                                throw new IOException("no " + x);
                            }
                            return x;
                        });
        assertThatThrownBy(() -> cache.get(7)).isInstanceOf(IOException.class).hasMessage("no 7");
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(0, 1, DEFAULT, 0, null));
        assertThat(cache.get(7)).isEqualTo(7);
        assertThat(cache.get(7)).isEqualTo(7);
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(1, 2, DEFAULT, 1, null));
    }

    @WeftTest
    void aGetOfTheSameKeyInsideItsComputationThrowsInsteadOfDeadlocking() {
        AtomicReference<LruCache<Integer, Integer, RuntimeException>> self =
                new AtomicReference<>();
        self.set(LruCache.builder().build(x -> self.get().get(x) + 1));
        assertThatThrownBy(() -> self.get().get(1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the computation of that same key")
                .hasMessageContaining("wait for itself forever");
        assertThat(self.get().cacheInfo().currSize()).isZero();
    }

    @WeftTest
    void aComputationMayGetOtherKeys() {
        AtomicReference<LruCache<Integer, Long, RuntimeException>> fib = new AtomicReference<>();
        fib.set(
                LruCache.builder()
                        .unbounded()
                        .build(n ->
                                n < 2 ? (long) n : fib.get().get(n - 1) + fib.get().get(n - 2)));
        assertThat(fib.get().get(80)).isEqualTo(23_416_728_348_467_685L);
        assertThat(fib.get().cacheInfo().misses()).isEqualTo(81);
    }

    @WeftTest
    void aNullValueIsCached() {
        AtomicInteger calls = new AtomicInteger();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            calls.incrementAndGet();
                            return null;
                        });
        assertThat(cache.get("absent")).isNull();
        assertThat(cache.get("absent")).isNull();
        assertThat(calls).hasValue(1);
        assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(1, 1, DEFAULT, 1, null));
    }

    @WeftTest
    void cacheClearDuringAComputationLetsItFinishUnstored() {
        Event release = new Event();
        AtomicInteger computations = new AtomicInteger();
        LruCache<String, String, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            int n = computations.incrementAndGet();
                            release.await();
                            return k + n;
                        });
        List<String> got = new CopyOnWriteArrayList<>();
        TaskGroup.run(tg -> {
            tg.startSoon(() -> got.add("owner " + cache.get("k")));
            Weft.waitAllTasksBlocked();
            tg.startSoon(() -> got.add("waiter " + cache.get("k")));
            Weft.waitAllTasksBlocked();
            cache.cacheClear();
            assertThat(cache.cacheInfo()).isEqualTo(new CacheInfo(0, 0, DEFAULT, 0, null));
            tg.startSoon(() -> got.add("after " + cache.get("k"))); // does not wait for "k1"
            Weft.waitAllTasksBlocked();
            assertThat(computations).hasValue(2);
            release.set();
        });
        assertThat(got).containsExactlyInAnyOrder("owner k1", "waiter k1", "after k2");
        assertThat(cache.get("k")).isEqualTo("k2");
        assertThat(cache.cacheInfo().misses()).isEqualTo(1);
        assertThat(cache.cacheInfo().currSize()).isEqualTo(1);
    }

    @WeftTest
    void underContentionEveryKeyIsComputedByOneCallerAtATime() {
        int keys = 20;
        int tasks = 16;
        int getsPerTask = 500;
        AtomicIntegerArray inFlight = new AtomicIntegerArray(keys);
        AtomicBoolean overlap = new AtomicBoolean();
        LruCache<Integer, Integer, RuntimeException> cache =
                LruCache.builder()
                        .maxSize(8)
                        .build(k -> {
                            if (inFlight.incrementAndGet(k) != 1) {
                                overlap.set(true);
                            }
                            Weft.checkpoint();
                            inFlight.decrementAndGet(k);
                            return k * 10;
                        });
        AtomicBoolean wrongValue = new AtomicBoolean();
        TaskGroup.run(tg -> {
            for (int i = 0; i < tasks; i++) {
                Random random = new Random(i);
                tg.startSoon(() -> {
                    for (int j = 0; j < getsPerTask; j++) {
                        int k = random.nextInt(keys);
                        if (cache.get(k) != k * 10) {
                            wrongValue.set(true);
                        }
                    }
                });
            }
        });
        assertThat(overlap).as("two computations of one key at once").isFalse();
        assertThat(wrongValue).isFalse();
        CacheInfo info = cache.cacheInfo();
        assertThat(info.hits() + info.misses()).isEqualTo((long) tasks * getsPerTask);
        assertThat(info.currSize()).isEqualTo(8);
    }

    @WeftTest(seeds = 100)
    void inAnyInterleavingAKeyHasOneComputationAtATimeAndOneValue() {
        // Eight callers of two keys, each in its own scope; a ninth task cancels three of them at
        // points the seed decides; every third computation fails. Whatever the order: no two
        // computations of a key overlap, and every caller that gets a value gets the same one.
        AtomicInteger counter = new AtomicInteger();
        AtomicIntegerArray inFlight = new AtomicIntegerArray(2);
        AtomicBoolean overlap = new AtomicBoolean();
        LruCache<Integer, Integer, RuntimeException> cache =
                LruCache.builder()
                        .build(k -> {
                            if (inFlight.incrementAndGet(k) != 1) {
                                overlap.set(true);
                            }
                            try {
                                Weft.checkpoint();
                                int n = counter.incrementAndGet();
                                Weft.checkpoint();
                                if (n % 3 == 1) {
                                    throw new IllegalStateException("computation " + n + " failed");
                                }
                                return n;
                            } finally {
                                inFlight.decrementAndGet(k);
                            }
                        });
        CancelScope[] scopes = new CancelScope[8];
        Map<Integer, List<Integer>> got = new java.util.concurrent.ConcurrentHashMap<>();
        TaskGroup.run(tg -> {
            for (int i = 0; i < scopes.length; i++) {
                CancelScope scope = scopes[i] = new CancelScope();
                int k = i % 2;
                tg.startSoon(() ->
                        scope.run(() -> {
                            try {
                                int v = cache.get(k);
                                got.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(v);
                            } catch (IllegalStateException failed) {
                                // this caller computed, and its computation failed
                            }
                        }));
            }
            tg.startSoon(() -> {
                for (int j = 0; j < 3; j++) {
                    Weft.checkpoint();
                    scopes[j * 3].cancel();
                }
            });
        });
        assertThat(overlap).as("two computations of one key at once").isFalse();
        for (int k = 0; k < 2; k++) {
            List<Integer> values = got.getOrDefault(k, List.of());
            assertThat(new java.util.HashSet<>(values))
                    .as("values of key %d", k)
                    .hasSizeLessThan(2);
            Integer stored = cache.get(k);
            if (!values.isEmpty()) {
                assertThat(stored).isEqualTo(values.get(0));
            }
        }
    }

    private static <T> T checkpointThen(T value) {
        Weft.checkpoint();
        return value;
    }
}
