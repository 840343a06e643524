/**
 * IDNA 2008 host names (UTS #46 non-transitional mapping, RFC 5891/5892 validity, the RFC 5893 Bidi
 * rule) and Punycode (RFC 3492), not exported: used by {@code io.weft.net} for name resolution and
 * TLS host names.
 */
package io.weft.internal.idna;
