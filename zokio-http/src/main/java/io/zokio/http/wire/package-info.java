/**
 * HTTP/1.1 message syntax (RFC 9112, RFC 9110), internal to the module.
 *
 * <p>Invariants: parsing works on a caller's byte array between offsets and never copies the head; a parsed
 * head keeps offsets into that array, whose head bytes stay in place until the request is finished (when the
 * array grows, the whole of it is copied and the head rebound to the copy). Strings are made only on request (method names and common header names are interned constants). {@link io.zokio.http.wire.HeaderFields}
 * holds the field rules shared by request and response parsers.
 *
 * <p>Threading: parsers and heads are owned by one connection's virtual thread; the static tables and
 * {@link io.zokio.http.wire.DateHeader} are safe from any thread.
 */
package io.zokio.http.wire;
