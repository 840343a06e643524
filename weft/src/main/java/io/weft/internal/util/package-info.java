/**
 * Internals of {@code io.weft.util}, not exported: the per-runtime table of an {@code LruCache}
 * (its map, LRU list, statistics and single-flight hand-over, {@code LruTable}) and how a cache
 * finds the table of the calling runtime ({@code LruTables}).
 */
package io.weft.internal.util;
