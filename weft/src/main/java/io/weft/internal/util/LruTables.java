package io.weft.internal.util;

import io.weft.RunFinishedError;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The tables of one {@code io.weft.util.LruCache}, one per runtime that has used it (AnyIO keeps
 * one per event loop), and a fast path to the one used last.
 *
 * <p><b>Where the tables live.</b> Not here: each runtime keeps a {@link Registry} in its run
 * variables that maps each cache's {@code LruTables}, <em>weakly</em>, to the cache's table in that
 * runtime (AnyIO's {@code RunVar} of a {@code WeakKeyDictionary}). So a table lives as long as both
 * its runtime and its cache: it goes with the runtime's run variables when the run ends (the
 * registry also empties itself then, in case something keeps the runtime object), and with the
 * cache when the cache becomes unreachable (the registry drops the entry at its next use), so a
 * long run that creates caches and forgets them does not collect their tables.
 *
 * <p><b>The slot.</b> {@code last} holds the table this cache used last, so that a call from the
 * runtime of the previous call reads one field instead of the registry. Left there, it would keep
 * that table (its values and its runtime) after the run has ended; so the registry's one action at
 * the end of the run ({@link WeftRuntime#whenEnded}) clears the slot of every cache still pointing
 * at a table of that run. That clearing is a CAS from the run's table to null; a loser finds the
 * slot holding another runtime's table, which that runtime's own end action will clear. No task of
 * the run can write the slot after the end action: every task has ended by then. A registry created
 * while its run is already ending (a system task after the root task ended) cannot register the
 * action, so its tables never go into the slot.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class LruTables<K, V> {
    private static final Object REGISTRY_KEY = new Object();
    private static final VarHandle LAST;

    static {
        try {
            LAST = MethodHandles.lookup().findVarHandle(LruTables.class, "last", LruTable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int maxSize;
    private final long ttlNanos;
    private volatile LruTable<K, V> last;

    /** The tables of a cache with these parameters (see {@link LruTable#LruTable}). */
    public LruTables(int maxSize, long ttlNanos) {
        this.maxSize = maxSize;
        this.ttlNanos = ttlNanos;
    }

    /** The table of {@code t}'s runtime, created on first use. */
    public LruTable<K, V> of(Task t) {
        LruTable<K, V> tb = last;
        if (tb != null && tb.runtime == t.runtime) {
            return tb;
        }
        return lookUp(t.runtime, true);
    }

    /** The table of {@code rt}, or null if the cache has not been used in it; leaves the slot. */
    public LruTable<K, V> existing(WeftRuntime rt) {
        return lookUp(rt, false);
    }

    /** Whether the slot holds a table (for the tests: it must not once no run is going on). */
    public boolean slotHoldsATable() {
        return last != null;
    }

    @SuppressWarnings("unchecked")
    private LruTable<K, V> lookUp(WeftRuntime rt, boolean create) {
        Registry reg = (Registry) rt.runVars().computeIfAbsent(REGISTRY_KEY, k -> Registry.of(rt));
        LruTable<K, V> tb;
        synchronized (reg) {
            tb = (LruTable<K, V>) reg.tables.get(this);
            if (tb == null) {
                if (!create) {
                    return null;
                }
                tb = new LruTable<>(rt, maxSize, ttlNanos);
                reg.tables.put(this, tb);
            }
        }
        if (create && reg.clearsSlots) {
            last = tb;
        }
        return tb;
    }

    /** One runtime's tables, by cache; and the action that clears the caches' slots at its end. */
    private static final class Registry {
        final WeakHashMap<LruTables<?, ?>, LruTable<?, ?>> tables = new WeakHashMap<>();
        boolean clearsSlots; // written before the registry is published in the run variables

        static Registry of(WeftRuntime rt) {
            Registry r = new Registry();
            try {
                rt.whenEnded(r::runEnded);
                r.clearsSlots = true;
            } catch (RunFinishedError ending) {
                // The run is ending (a system task after the root task ended): nothing would
                // clear a slot, so this registry's tables stay out of them.
            }
            return r;
        }

        synchronized void runEnded() {
            for (Map.Entry<LruTables<?, ?>, LruTable<?, ?>> e : tables.entrySet()) {
                // CAS run's table -> null; the loser's slot holds another runtime's table.
                LAST.compareAndSet(e.getKey(), e.getValue(), null);
            }
            tables.clear();
        }
    }
}
