/**
 * Internals of {@code io.weft.file} and of the file streams of {@code io.weft.stream}, not
 * exported: the one file handle both are built on (open, seek, tell, close, every operation in a
 * worker thread under a limiter, shielded from cancellation), the parsing of Python's mode strings,
 * and the text layer (decoding, newline translation, line splitting).
 */
package io.weft.internal.file;
