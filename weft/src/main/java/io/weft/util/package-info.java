/**
 * Concurrency utilities built on task groups: {@link io.weft.util.Tasks} (gather, race, bounded
 * parallel map, results as they complete) and {@link io.weft.util.LruCache} (a memoizer with one
 * computation per key at a time). AnyIO's {@code itertools} has no copy here: Java's {@code Stream}
 * and {@code Gatherers} serve (see {@code docs/utilities.md}).
 */
package io.weft.util;
