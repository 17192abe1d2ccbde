package io.zokio.http.client;

/**
 * What the client keeps of one pooled TCP connection between exchanges: the byte stream to use on it (TLS
 * when the origin is https) and its reader.
 */
record Link(Transport transport, WireReader reader) {
}
