package io.weft.util;

import io.weft.CheckedFunction;
import io.weft.internal.Task;
import io.weft.internal.util.LruTable;
import io.weft.internal.util.LruTables;
import java.time.Duration;
import java.util.Objects;

/**
 * A memoizing function for Weft tasks (AnyIO's {@code lru_cache}): {@link #get} returns the value
 * the function computed for a key, computing it only if no fresh value is stored, and at most once
 * at a time per key: callers that ask for a key while another caller computes it wait for that
 * computation instead of starting their own (single-flight).
 *
 * <pre>{@code
 * LruCache<String, byte[], IOException> pages =
 *         LruCache.builder().maxSize(1000).ttl(Duration.ofMinutes(5)).build(url -> fetch(url));
 * TaskGroup.run(tg -> {
 *     for (int i = 0; i < 10; i++) {
 *         tg.startSoon(() -> render(pages.get("https://example.com/")));  // one fetch, ten uses
 *     }
 * });
 * CacheInfo info = pages.cacheInfo();   // hits=9 misses=1 maxSize=1000 currSize=1 ttl=PT5M
 * }</pre>
 *
 * <h2>What a get does</h2>
 *
 * <ul>
 *   <li><b>Hit</b>: a fresh value is stored for the key. It is returned and its entry becomes the
 *       most recently used. Not a checkpoint, unless the cache was built with {@link
 *       Builder#alwaysCheckpoint(boolean) alwaysCheckpoint(true)}.
 *   <li><b>Miss</b>: a checkpoint, then the caller computes the value in its own task, stores it
 *       and returns it. If the cache is full, the least recently used value is evicted.
 *   <li><b>Wait</b>: another caller is computing the key. This caller waits (a cancellable Weft
 *       wait) and returns that computation's value, counted as a hit. If the computing caller fails
 *       or is cancelled, nothing is stored and the first caller still waiting computes next; the
 *       others go on waiting for it.
 * </ul>
 *
 * <p>A failed computation is not cached: the exception goes to the caller that computed, and a
 * later get computes again. A waiter whose cancel scope is cancelled leaves with {@link
 * io.weft.Cancelled} and affects nobody else: the computation goes on for the other waiters and for
 * the cache. Different keys are computed concurrently. Keys are compared with {@code equals}
 * (AnyIO's {@code typed} has no equivalent: {@code 1} and {@code 1L} are different keys anyway);
 * for a function of several arguments, use a record of them as the key. A null key is rejected; a
 * null value is cached and returned like any other.
 *
 * <p><b>Expiry.</b> With a {@link Builder#ttl(Duration) ttl}, a value is fresh until the ttl has
 * passed since its computation ended, on the runtime's clock ({@link io.weft.Weft#now()}, so a
 * {@link io.weft.testing.MockClock} moves it). A get that finds an expired value drops it and
 * computes again (a miss).
 *
 * <p><b>One table per runtime.</b> The values, statistics and computations in flight belong to the
 * runtime of the calling task: a cache shared by two runtimes keeps two tables, as AnyIO keeps one
 * per event loop, and a value computed in one runtime is never returned in another. {@link
 * #cacheInfo()} and {@link #cacheClear()} see and clear the calling runtime's table only. A table
 * goes with its runtime when the run ends, and with the cache when the cache is no longer
 * reachable: a cache used by many short runs holds nothing of the runs that have ended.
 *
 * <p>Thread-safe: the tasks of a runtime call it in parallel. Every method must be called from a
 * Weft task ({@link io.weft.NoRuntimeError} otherwise). A cache can be built outside any runtime,
 * typically as a {@code static final} field.
 *
 * <h2>Algorithm</h2>
 *
 * <p>A table ({@code io.weft.internal.util.LruTable}) is a {@code ConcurrentHashMap} from key to
 * node, an access clock, a min-heap of the stored nodes for eviction, counters, and a monitor held
 * for a few field writes and a heap operation at a time, never across a computation or a wait. A
 * node is <em>pending</em> (one task, its owner, computes its value; a FIFO queue of waiting
 * callers) and then <em>complete</em>: its value, written once into a volatile field, never
 * changes.
 *
 * <p><b>A hit takes no lock.</b> It reads the node from the map and its value, checks the expiry,
 * and marks the access: it takes the next tick of the table's clock (one atomic add, which also
 * counts the hit) and stores it as the node's <em>stamp</em>; a hit on the most recently used node,
 * whose stamp is the clock already, is counted in a {@code LongAdder} instead. An unbounded cache
 * keeps no order and only counts. Everything else happens under the monitor: a miss puts a new
 * pending node, owned by the caller, in the map (the <em>claim</em>), or finds a pending node and
 * queues a waiter on it; the owner's {@code publish} writes the value, stamps the node, adds it to
 * the heap, evicts while the table is over its size, and, after releasing the monitor, resumes each
 * waiter with the value; the owner's {@code abandon} (its function threw, or it was cancelled)
 * hands the node to the first waiter still waiting, or takes the node out of the map if there is
 * none.
 *
 * <p><b>Eviction</b> is exact LRU without reordering anything on a hit. The heap is ordered by the
 * stamp each node had when the heap last placed it. The evictor looks at the top: if its stamp has
 * moved on since (it was hit), it is placed again by its new stamp and the evictor looks again;
 * otherwise it is the least recently used node (every other node's stamp is at least the stamp it
 * was placed by, which is at least the top's) and it is evicted. Each hit causes at most one such
 * re-placing, later, at an eviction, under the monitor.
 *
 * <p><b>Invariants.</b> A key maps to at most one node; a pending node has exactly one owner; nodes
 * enter and leave the map only under the monitor, and a node that has left it (evicted, expired,
 * abandoned or cleared) never enters it again. The heap holds exactly the stored (complete, in the
 * map) nodes, and the size counts them; a pending node is never evicted. A node's stamp is the tick
 * of one of its accesses: the latest, unless two hits of that key overlapped in time, when it may
 * keep the earlier one's (the stamp is stored without a CAS, which would double the cost of a hit),
 * and the key is then evicted as if that were its last use.
 *
 * <p><b>Linearisation points.</b> A hit: its read of the node's value (a hit on a node being
 * evicted at that moment is ordered before the eviction). A miss: the claim. A caller that waited:
 * the CAS on its waiter ({@code io.weft.internal.Waiter}) that decides how its wait ends, racing
 * its own cancellation. If the publisher's resume wins, the caller returns the value and meets its
 * cancellation at its next checkpoint; if the cancellation wins, the publisher's CAS loses and it
 * goes on to the next waiter, while the caller throws {@code Cancelled} and leaves the queue.
 * Likewise, a hand-over whose CAS loses to a cancelled waiter offers the turn to the next waiter,
 * and only when none is left does the node leave the map; so a computation is never handed to a
 * caller that has left, and never dropped while a caller still waits for it.
 *
 * <h2>Pitfalls</h2>
 *
 * <ul>
 *   <li>A get of a key from inside the function computing that key, in the same task, would wait
 *       for itself: it throws {@link IllegalStateException} instead. The same call from a child
 *       task that the computing function waits for, or two functions that each get the key the
 *       other computes, deadlock undetected; cancellation (a timeout) still ends those waits.
 *   <li>The function runs in the caller's task and under its cancel scopes: a caller with a short
 *       timeout that times out abandons the computation (another waiter takes over), so the
 *       impatient caller should not be the one that usually computes. Shield or give a separate
 *       deadline to work that must finish.
 *   <li>Values are shared, not copied: cache immutable values, or never modify what {@code get}
 *       returns.
 *   <li>An expired value stays stored (and counted in {@code currSize}) until a get of its key
 *       drops it or it is evicted; an unbounded cache with a ttl and ever new keys grows.
 * </ul>
 *
 * @param <K> the key type
 * @param <V> the value type
 * @param <X> what the function may throw
 */
public final class LruCache<K, V, X extends Throwable> {
    /** The default maximum size: 128, as AnyIO's and Python's {@code lru_cache}. */
    public static final int DEFAULT_MAX_SIZE = 128;

    private static final String NULL_KEY =
            "key is null: an LruCache key cannot be null; pass a non-null key (for an optional"
                    + " argument, a record or an Optional holding it)";

    private final CheckedFunction<? super K, ? extends V, X> fn;
    private final int maxSize;
    private final Duration ttl;
    private final boolean alwaysCheckpoint;
    private final LruTables<K, V> tables;

    private LruCache(Builder b, CheckedFunction<? super K, ? extends V, X> fn) {
        this.fn = fn;
        this.maxSize = b.maxSize;
        this.ttl = b.ttl;
        this.alwaysCheckpoint = b.alwaysCheckpoint;
        this.tables = new LruTables<>(b.maxSize, b.ttl == null ? 0 : nanos(b.ttl));
    }

    /**
     * A builder with the defaults: {@link #DEFAULT_MAX_SIZE} entries, no expiry, a hit is not a
     * checkpoint.
     */
    public static Builder builder() {
        return Builder.DEFAULTS;
    }

    /**
     * The value of {@code key}: the stored one if it is fresh (a hit), else the one this call or a
     * concurrent call of the same key computes (see the class comment). A hit is not a checkpoint
     * unless {@code alwaysCheckpoint} was set; a miss is one, and so is a wait for another caller.
     *
     * <p>If this throws {@link io.weft.Cancelled}, this call stored no value and counted no hit: a
     * computation it had started was abandoned (a caller waiting for the same key takes it over, or
     * the key stays without a value), and the table changed only by other callers' doing.
     *
     * @throws X what the function threw, if this call computed the value and it threw; nothing is
     *     stored then
     * @throws io.weft.Cancelled if the calling task is cancelled at the checkpoint, while it waits
     *     for another caller's computation, or inside the function
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalStateException if called for a key from inside the function computing that
     *     key, in the same task (it would wait for itself forever)
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    @SuppressWarnings("unchecked")
    public V get(K key) throws X {
        if (key == null) {
            throw new NullPointerException(NULL_KEY);
        }
        Task t = Task.current();
        if (alwaysCheckpoint) {
            t.checkpoint();
        }
        LruTable<K, V> tb = tables.of(t);
        Object v = tb.tryHit(key);
        if (v != LruTable.MISS) {
            return (V) v;
        }
        return tb.compute(t, key, fn, !alwaysCheckpoint);
    }

    /**
     * The statistics of the calling runtime's table (all zero if the cache has not been used in
     * this runtime). Not a checkpoint.
     *
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public CacheInfo cacheInfo() {
        LruTable<K, V> tb = tables.existing(Task.current().runtime);
        return tb == null ? new CacheInfo(0, 0, maxSize, 0, ttl) : tb.info(ttl);
    }

    /**
     * Empties the calling runtime's table and resets its statistics to zero; the tables of other
     * runtimes are untouched. A computation in progress finishes for the callers waiting for it,
     * but its value is not stored: a get that starts after this returns never gets a value whose
     * computation started before it. Not a checkpoint.
     *
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public void cacheClear() {
        LruTable<K, V> tb = tables.existing(Task.current().runtime);
        if (tb != null) {
            tb.clear();
        }
    }

    /** Whether the cache's fast path still refers to a runtime's table (for the leak tests). */
    boolean holdsATable() {
        return tables.slotHoldsATable();
    }

    /** {@code LruCache[maxSize=128, ttl=PT5M, alwaysCheckpoint=false]}. */
    @Override
    public String toString() {
        return "LruCache" + parameters(maxSize, ttl, alwaysCheckpoint);
    }

    private static String parameters(int maxSize, Duration ttl, boolean alwaysCheckpoint) {
        return "[maxSize="
                + (maxSize == Integer.MAX_VALUE ? "unbounded" : maxSize)
                + ", ttl="
                + (ttl == null ? "none" : ttl)
                + ", alwaysCheckpoint="
                + alwaysCheckpoint
                + "]";
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE; // about 292 years: never, in practice
        }
    }

    /**
     * The parameters of an {@link LruCache}. Immutable: each setter returns a new builder, so one
     * can be shared and specialised.
     *
     * <pre>{@code
     * LruCache<Long, User, SQLException> users =
     *         LruCache.builder().maxSize(10_000).ttl(Duration.ofSeconds(30)).build(db::loadUser);
     * }</pre>
     */
    public static final class Builder {
        private static final Builder DEFAULTS = new Builder(DEFAULT_MAX_SIZE, null, false);

        private final int maxSize;
        private final Duration ttl;
        private final boolean alwaysCheckpoint;

        private Builder(int maxSize, Duration ttl, boolean alwaysCheckpoint) {
            this.maxSize = maxSize;
            this.ttl = ttl;
            this.alwaysCheckpoint = alwaysCheckpoint;
        }

        /**
         * This builder with at most {@code maxSize} stored values per runtime (default {@value
         * LruCache#DEFAULT_MAX_SIZE}); storing one more evicts the least recently used. 0 disables
         * caching: every get computes (concurrent gets of a key each compute too) and is counted as
         * a miss.
         *
         * @throws IllegalArgumentException if {@code maxSize} is negative
         */
        public Builder maxSize(int maxSize) {
            if (maxSize < 0) {
                throw new IllegalArgumentException(
                        "maxSize is "
                                + maxSize
                                + ": pass 0 (no caching) or a positive size, or call unbounded()"
                                + " for no limit");
            }
            return new Builder(maxSize, ttl, alwaysCheckpoint);
        }

        /**
         * This builder with no limit on the number of stored values (AnyIO's {@code cache}, {@code
         * maxsize=None}): nothing is ever evicted. The same as {@code maxSize(Integer.MAX_VALUE)}.
         */
        public Builder unbounded() {
            return new Builder(Integer.MAX_VALUE, ttl, alwaysCheckpoint);
        }

        /**
         * This builder with values that expire {@code ttl} after their computation ended, on the
         * runtime's clock; null (the default) means they never expire.
         *
         * @throws IllegalArgumentException if {@code ttl} is zero or negative
         */
        public Builder ttl(Duration ttl) {
            if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
                throw new IllegalArgumentException(
                        "ttl is "
                                + ttl
                                + ": pass a positive duration, or null for values that never"
                                + " expire");
            }
            return new Builder(maxSize, ttl, alwaysCheckpoint);
        }

        /**
         * This builder with hits that are checkpoints too (default false): with {@code true}, every
         * get throws {@link io.weft.Cancelled} in a cancelled scope and lets other tasks run, even
         * when the value is stored (AnyIO's {@code always_checkpoint}).
         */
        public Builder alwaysCheckpoint(boolean alwaysCheckpoint) {
            return new Builder(maxSize, ttl, alwaysCheckpoint);
        }

        /**
         * A new cache of the values of {@code fn}, with this builder's parameters and no values
         * yet. {@code fn} is called by {@link LruCache#get} in the calling task.
         *
         * @param <K> the key type
         * @param <V> the value type
         * @param <X> what {@code fn} may throw
         * @throws NullPointerException if {@code fn} is null
         */
        public <K, V, X extends Throwable> LruCache<K, V, X> build(
                CheckedFunction<? super K, ? extends V, X> fn) {
            Objects.requireNonNull(fn, "fn is null: pass the function that computes a key's value");
            return new LruCache<>(this, fn);
        }

        /** {@code LruCache.Builder[maxSize=128, ttl=none, alwaysCheckpoint=false]}. */
        @Override
        public String toString() {
            return "LruCache.Builder" + parameters(maxSize, ttl, alwaysCheckpoint);
        }
    }
}
