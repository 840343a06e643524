package io.weft.util;

import java.time.Duration;

/**
 * A snapshot of the statistics of one runtime's table of an {@link LruCache} (AnyIO's {@code
 * AsyncCacheInfo}), from {@link LruCache#cacheInfo()}.
 *
 * @param hits calls that returned a stored value, counting a caller that waited for another
 *     caller's computation of the same key and then got its value
 * @param misses computations started: one per call that computed, including calls whose computation
 *     then failed or was cancelled, a waiter that computed after the computing caller failed, and
 *     every call of a cache with {@code maxSize} 0
 * @param maxSize the most values the table stores: 0 stores none, {@link Integer#MAX_VALUE} means
 *     unbounded ({@link LruCache.Builder#unbounded()})
 * @param currSize the values stored now, including expired ones that no call has looked up (and so
 *     dropped) since they expired
 * @param ttl how long a value stays fresh after it was computed, or null if values never expire
 */
public record CacheInfo(long hits, long misses, int maxSize, int currSize, Duration ttl) {}
