/**
 * Internals of {@code io.weft.file} and of the file streams of {@code io.weft.stream}, not
 * exported: the one file handle both are built on (open, seek, tell, close, every operation in a
 * worker thread under a limiter, shielded from cancellation), the parsing of Python's mode strings,
 * the text layer (decoding, newline translation, line splitting), and the binary reads with their
 * read-ahead.
 */
package io.weft.internal.file;
