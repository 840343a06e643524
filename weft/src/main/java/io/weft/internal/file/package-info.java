/**
 * Internals of {@code io.weft.file}, not exported. For {@code AsyncPath}: the step-wise sources
 * behind its lazy iterators ({@code BatchSource}: {@code DirectorySource} for {@code iterdir},
 * {@code GlobSource} and {@code GlobPattern} for {@code glob}/{@code rglob}, {@code WalkSource} for
 * {@code walk}) and the tree operations ({@code Trees}: {@code rmtree}, {@code copyTree}), all
 * plain blocking code that {@code AsyncPath} runs in worker threads.
 */
package io.weft.internal.file;
