package io.weft.internal.util;

import io.weft.CheckedFunction;
import io.weft.internal.Task;
import io.weft.internal.WaitQueue;
import io.weft.internal.Waiter;
import io.weft.internal.WeftRuntime;
import io.weft.util.CacheInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One runtime's table of an {@code io.weft.util.LruCache}: its entries, their LRU order, its
 * statistics and the single-flight hand-over of a computation from one caller to the next. The
 * algorithm, its invariants and linearisation points are described in {@code LruCache}'s class
 * comment; the comments here name the steps.
 *
 * <p>Each key maps to a {@link Node}: <em>pending</em> while one caller (its owner) computes the
 * value, then <em>complete</em>, with a value that never changes. Everything but the lock-free hit
 * in {@link #tryHit} happens under this table's monitor, held only for a few field writes (and a
 * heap operation) and never across a computation or a wait.
 *
 * <p><b>LRU order</b> (bounded tables). A table clock counts accesses; each stored node carries the
 * tick of its last access ({@code stamp}, written by hits without a lock) and sits in a min-heap
 * ordered by {@code placed}, the stamp it had when the heap last placed it. To evict, the monitor
 * holder looks at the heap's top: if it was hit since it was placed ({@code stamp > placed}), it is
 * placed again by its stamp, further down; otherwise no node was accessed less recently (every
 * other node's stamp is at least its {@code placed}, which is at least the top's), and it is
 * evicted. So each hit costs one clock increment and a store, and at most one re-placing later, at
 * an eviction. A hit on the most recently used node (whose stamp is the clock) takes no tick.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LruTable<K, V> {
    /** What {@link #tryHit} returns when the key has no fresh value in the table. */
    public static final Object MISS = new Object();

    private static final Object PENDING = new Object(); // a node's value while it is computed
    private static final Object NULL = new Object(); // a computed null
    private static final Object YOUR_TURN = new Object(); // a hand-over: the waiter computes next

    private static final VarHandle CLOCK;
    private static final VarHandle STAMP;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            CLOCK = l.findVarHandle(LruTable.class, "clock", long.class);
            STAMP = l.findVarHandle(Node.class, "stamp", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The runtime this table belongs to. */
    public final WeftRuntime runtime;

    private final int maxSize;
    private final boolean ordered; // bounded and caching: the LRU order is kept
    private final long ttlNanos; // 0: entries never expire
    private final ConcurrentHashMap<K, Node<K>> map = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder(); // hits that took no tick
    private volatile long clock; // ticks: stores and hits that stamped a node (ordered tables)

    // Guarded by this table's monitor.
    private Node<?>[] heap; // the stored nodes of an ordered table, a min-heap by `placed`
    private int size; // stored nodes
    private long misses;
    private long storeTicks; // ticks taken by stores since the last clear
    private long clockAtClear; // hits since the last clear = adder + clock - this - storeTicks

    private static final class Node<K> {
        final K key;
        volatile Object value = PENDING; // then the value, or NULL; written once
        long expiresAt; // written before `value`, so whoever reads the value reads it too

        long stamp; // the clock's tick at the last access (ordered tables); STAMP, opaque

        // Guarded by the table's monitor.
        Task owner; // the task computing the value, while pending
        WaitQueue waiters; // callers waiting for the value, while pending; created on demand
        long placed; // `stamp` when the heap last placed the node
        int index; // in the heap
        boolean stored; // counted in `size` (and in the heap, if ordered)
        boolean detached; // no longer in the map (evicted, expired, abandoned or cleared)

        Node(K key) {
            this.key = key;
        }
    }

    /**
     * An empty table for {@code runtime}.
     *
     * @param maxSize 0 (no caching), {@code Integer.MAX_VALUE} (unbounded) or a size in between
     * @param ttlNanos how long a value stays fresh, or 0 for ever
     */
    public LruTable(WeftRuntime runtime, int maxSize, long ttlNanos) {
        this.runtime = runtime;
        this.maxSize = maxSize;
        this.ordered = maxSize > 0 && maxSize < Integer.MAX_VALUE;
        this.ttlNanos = ttlNanos;
        this.heap = ordered ? new Node<?>[Math.min(maxSize + 1, 16)] : null;
    }

    /**
     * The value of {@code key} if the table has a complete, fresh one (a hit: counted, and the
     * entry becomes the most recently used), else {@link #MISS}. Not a checkpoint; takes no
     * monitor.
     */
    public Object tryHit(K key) {
        Node<K> n = map.get(key);
        if (n == null) {
            return MISS;
        }
        Object v = n.value;
        if (v == PENDING || (ttlNanos != 0 && expired(n))) {
            return MISS;
        }
        hit(n);
        return v == NULL ? null : v;
    }

    /**
     * Counts a hit on {@code n} and makes it the most recently used: a new tick for its stamp,
     * unless it has the latest one already (or no order is kept), when the hit is counted apart.
     */
    private void hit(Node<K> n) {
        if (ordered) {
            long s = (long) STAMP.getOpaque(n);
            if (s != clock) {
                long tick = (long) CLOCK.getAndAdd(this, 1L) + 1;
                // No CAS (it would double the cost of a hit): a racing hit of n that took a later
                // tick and stored it since our read keeps it, but one that stores after this
                // check is overwritten, and n keeps the earlier of two overlapping hits' ticks.
                if ((long) STAMP.getOpaque(n) < tick) {
                    STAMP.setOpaque(n, tick);
                }
                return; // counted as a tick
            }
        }
        hits.increment();
    }

    /**
     * The slow path of a get after {@link #tryHit} missed: returns the value of {@code key},
     * computed by this caller with {@code fn} or by the caller that was computing it already.
     *
     * @param t the calling task
     * @param checkpoint whether to pass a checkpoint first (false if the caller just did)
     * @throws X what {@code fn} threw, if this caller computed and it threw
     * @throws io.weft.Cancelled if {@code t} is cancelled at the checkpoint or while it waits
     * @throws IllegalStateException if {@code t} is computing {@code key} already
     */
    public <X extends Throwable> V compute(
            Task t, K key, CheckedFunction<? super K, ? extends V, X> fn, boolean checkpoint)
            throws X {
        if (checkpoint) {
            t.checkpoint(); // a miss is a checkpoint; a Cancelled here changed nothing
        }
        if (maxSize == 0) {
            synchronized (this) {
                misses++;
            }
            return fn.apply(key);
        }
        Node<K> n;
        Waiter w = null;
        WaitQueue q = null;
        Task computing = null; // for dumps: whom this caller waits for
        synchronized (this) {
            n = map.get(key);
            if (n != null && n.value != PENDING) {
                if (ttlNanos == 0 || !expired(n)) {
                    hit(n); // completed since tryHit looked
                    return unmask(n.value);
                }
                remove(n); // expired: a miss, as if it were not there
                n = null;
            }
            if (n == null) {
                n = new Node<>(key); // the claim: this caller computes
                n.owner = t;
                map.put(key, n);
                misses++;
            } else if (n.owner == t) {
                throw recursiveGet(t);
            } else {
                w = new Waiter(t, true);
                computing = n.owner;
                q = n.waiters;
                if (q == null) {
                    n.waiters = q = new WaitQueue();
                }
                q.add(w);
            }
        }
        if (w != null) {
            if (w.await(computing) == Waiter.CANCELLED) {
                // Our cancellation won the waiter's CAS: no value and no turn was given to us (a
                // publisher or a hand-over that polled us lost and went on without us).
                q.remove(w);
                throw t.cancelledNow();
            }
            Object o = w.value();
            if (o != YOUR_TURN) {
                hits.increment();
                return unmask(o);
            }
            // The owner failed or was cancelled and handed the computation to us.
        }
        return run(n, fn);
    }

    private <X extends Throwable> V run(Node<K> n, CheckedFunction<? super K, ? extends V, X> fn)
            throws X {
        V v;
        try {
            v = fn.apply(n.key);
        } catch (Throwable e) {
            abandon(n);
            throw e;
        }
        publish(n, v);
        return v;
    }

    /** The owner computed {@code v}: completes {@code n}, stores it, and wakes its waiters. */
    private void publish(Node<K> n, V v) {
        Object o = v == null ? NULL : v;
        long expires = ttlNanos == 0 ? 0 : expiry(runtime.now());
        WaitQueue q;
        synchronized (this) {
            n.expiresAt = expires;
            n.value = o; // the completion: tryHit returns it from here on
            n.owner = null;
            q = n.waiters; // no waiter joins a complete node
            n.waiters = null;
            if (!n.detached) {
                store(n);
            }
        }
        if (q != null) {
            for (Waiter w; (w = q.poll()) != null; ) {
                // A loser met a waiter whose cancellation came first; it takes itself out.
                w.tryResume(o);
            }
        }
    }

    /**
     * The owner's computation threw (or it was cancelled): nothing is stored, and the first waiter
     * that is still waiting computes next; with none, the node leaves the map.
     */
    private void abandon(Node<K> n) {
        Waiter next = null;
        synchronized (this) {
            WaitQueue q = n.waiters;
            if (q != null) {
                for (Waiter w; (w = q.poll()) != null; ) {
                    // The hand-over's CAS; a loser was cancelled first: offer the turn to the next.
                    if (w.tryClaim()) {
                        next = w;
                        break;
                    }
                }
            }
            if (next != null) {
                n.owner = next.task();
                misses++;
            } else {
                n.owner = null;
                n.waiters = null;
                if (!n.detached) {
                    n.detached = true;
                    map.remove(n.key, n);
                }
            }
        }
        if (next != null) {
            next.resumeClaimed(YOUR_TURN);
        }
    }

    /** Empties the table and resets its statistics (pending computations finish unstored). */
    public synchronized void clear() {
        for (Node<K> n : map.values()) {
            n.detached = true;
            n.stored = false;
        }
        map.clear();
        if (ordered) {
            heap = new Node<?>[Math.min(maxSize + 1, 16)];
        }
        size = 0;
        misses = 0;
        storeTicks = 0;
        clockAtClear = clock;
        hits.reset();
    }

    /** A snapshot of the statistics; {@code ttl} is reported as given. */
    public synchronized CacheInfo info(Duration ttl) {
        long stampedHits = clock - clockAtClear - storeTicks;
        return new CacheInfo(hits.sum() + stampedHits, misses, maxSize, size, ttl);
    }

    // ---------------------------------------------------------------- under the monitor

    private void store(Node<K> n) {
        n.stored = true;
        size++;
        if (ordered) {
            long tick = (long) CLOCK.getAndAdd(this, 1L) + 1;
            storeTicks++;
            STAMP.setOpaque(n, tick);
            n.placed = tick;
            if (size > heap.length) {
                heap = Arrays.copyOf(heap, (int) Math.min(maxSize + 1L, 2L * heap.length));
            }
            siftUp(size - 1, n);
            while (size > maxSize) {
                evictOne();
            }
        }
    }

    /** Evicts the least recently used stored node (see the class comment). */
    @SuppressWarnings("unchecked")
    private void evictOne() {
        for (; ; ) {
            Node<K> top = (Node<K>) heap[0];
            long s = (long) STAMP.getOpaque(top);
            if (s <= top.placed) {
                remove(top); // not hit since it was placed: the least recently used
                return;
            }
            top.placed = s; // hit since: place it again by its last access
            siftDown(0, top);
        }
    }

    /** Takes a node out of the map and, if it was stored, out of the size and the heap. */
    @SuppressWarnings("unchecked")
    private void remove(Node<K> n) {
        if (n.stored) {
            n.stored = false;
            int last = --size;
            if (ordered) {
                Node<K> moved = (Node<K>) heap[last];
                heap[last] = null;
                if (n.index != last) {
                    siftDown(n.index, moved);
                    if (heap[n.index] == moved) {
                        siftUp(n.index, moved);
                    }
                }
            }
        }
        n.detached = true;
        map.remove(n.key, n);
    }

    @SuppressWarnings("unchecked")
    private void siftUp(int i, Node<K> n) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            Node<K> pn = (Node<K>) heap[p];
            if (pn.placed <= n.placed) {
                break;
            }
            heap[i] = pn;
            pn.index = i;
            i = p;
        }
        heap[i] = n;
        n.index = i;
    }

    @SuppressWarnings("unchecked")
    private void siftDown(int i, Node<K> n) {
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            Node<K> cn = (Node<K>) heap[c];
            if (c + 1 < size && heap[c + 1].placed < cn.placed) {
                cn = (Node<K>) heap[++c];
            }
            if (n.placed <= cn.placed) {
                break;
            }
            heap[i] = cn;
            cn.index = i;
            i = c;
        }
        heap[i] = n;
        n.index = i;
    }

    // ---------------------------------------------------------------- helpers

    private boolean expired(Node<K> n) {
        return runtime.now() >= n.expiresAt;
    }

    private long expiry(long now) {
        long e = now + ttlNanos;
        return e < now ? Long.MAX_VALUE : e; // saturate: ttlNanos > 0
    }

    @SuppressWarnings("unchecked")
    private V unmask(Object o) {
        return o == NULL ? null : (V) o;
    }

    private static IllegalStateException recursiveGet(Task t) {
        return new IllegalStateException(
                "LruCache.get was called for a key from inside the computation of that same key,"
                        + " in the task computing it ("
                        + t
                        + "): it would wait for itself forever; compute the value without asking"
                        + " the cache for the key being computed");
    }
}
