/**
 * Kernel values shared by every layer: errno codes and the exception that carries one ({@link
 * io.zokio.sys.Errno}, {@link io.zokio.sys.ErrnoException}), {@code open(2)} flags, socket options, Unix domain
 * socket addresses ({@link io.zokio.sys.UnixAddress}: path, Linux abstract name or unnamed, as
 * {@code struct sockaddr_un} holds them), and the reusable result holders the backends fill
 * ({@link io.zokio.sys.FileStat}, {@link io.zokio.sys.PeerAddress}).
 *
 * <p>The bottom of the layer order: this package imports nothing of Zokio's, so the FFM binding, the backends and
 * everything above may use it. The types are plain values or caller-owned holders; none of them is
 * thread-safe unless its Javadoc says so.
 */
package io.zokio.sys;
