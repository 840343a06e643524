/**
 * Internals of {@code io.weft.file} and of the file streams of {@code io.weft.stream}, not
 * exported. For {@code AsyncFile} and the streams: the one file handle both are built on (open,
 * seek, tell, close, every operation in a worker thread under a limiter, shielded from
 * cancellation), the parsing of Python's mode strings, the text layer (decoding, newline
 * translation, line splitting), and the binary reads with their read-ahead. For {@code AsyncPath}:
 * the step-wise sources behind its lazy iterators ({@code BatchSource}: {@code DirectorySource} for
 * {@code iterdir}, {@code GlobSource} and {@code GlobPattern} for {@code glob}/{@code rglob},
 * {@code WalkSource} for {@code walk}) and the tree operations ({@code Trees}: {@code rmtree},
 * {@code copyTree}), all plain blocking code run in worker threads.
 */
package io.weft.internal.file;
