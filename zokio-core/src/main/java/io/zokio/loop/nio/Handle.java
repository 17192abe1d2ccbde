package io.zokio.loop.nio;

import io.zokio.loop.Completion;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * One entry of the {@link HandleTable}: the channel behind a NIO descriptor and the operations waiting on it.
 *
 * <p><b>Threading:</b> loop thread only, except {@link #closed}, {@link #file} and {@link #path}, which file-pool
 * threads read for operations the loop handed them (the handoff through the pool's queue publishes them).
 *
 * <p>Read-side waiters (READ/RECV/ACCEPT on a socket) and write-side waiters (WRITE/SEND/CONNECT) are served in
 * FIFO order when the selector reports the matching readiness; POLL waiters have their own list because one
 * POLL may wait for both directions and consumes nothing.
 */
final class Handle {
    enum Kind { SOCKET, LISTENER, FILE, DIRECTORY, DATAGRAM }

    final int index;
    final Kind kind;
    final SocketChannel socket;
    final ServerSocketChannel listener;
    /** The file (or, on Linux, directory) channel; null for sockets and for a directory Java cannot open. */
    final FileChannel file;
    /** The path a file or directory was opened with, resolved against its directory; null for sockets. */
    final Path path;
    /** The UDP channel of a DATAGRAM handle, else null. */
    final DatagramChannel datagram;

    final WaitList reads = new WaitList();
    final WaitList writes = new WaitList();
    final WaitList polls = new WaitList();
    SelectionKey key;
    /** The interest set last given to {@link #key}, to skip redundant updates. */
    int interestOps;
    /** Set on the loop thread when a socket closes; read by pool threads (statx of a socket handle). */
    volatile boolean closed;
    /**
     * File ops of this handle handed to the pool and not yet taken back (loop thread). A CLOSE waits for them,
     * as the kernel keeps a file open while earlier operations hold a reference to it.
     */
    int poolOps;
    /** A CLOSE (or closeNow, with {@link #closeNowPending}) waiting for {@link #poolOps} to reach 0. */
    Completion deferredClose;
    boolean closeNowPending;
    /** Bytes a MSG_PEEK read from the socket and that no recv consumed yet (flipped: ready to read), or null. */
    ByteBuffer peeked;

    private Handle(int index, Kind kind, SocketChannel socket, ServerSocketChannel listener, FileChannel file,
                   Path path) {
        this.index = index;
        this.kind = kind;
        this.socket = socket;
        this.listener = listener;
        this.file = file;
        this.path = path;
        this.datagram = null;
    }

    private Handle(int index, DatagramChannel datagram) {
        this.index = index;
        this.kind = Kind.DATAGRAM;
        this.socket = null;
        this.listener = null;
        this.file = null;
        this.path = null;
        this.datagram = datagram;
    }

    /** A UDP socket. */
    static Handle datagram(int index, DatagramChannel ch) {
        return new Handle(index, ch);
    }

    static Handle socket(int index, SocketChannel ch) {
        return new Handle(index, Kind.SOCKET, ch, null, null, null);
    }

    static Handle listener(int index, ServerSocketChannel ch) {
        return new Handle(index, Kind.LISTENER, null, ch, null, null);
    }

    static Handle file(int index, FileChannel ch, Path path, boolean directory) {
        return new Handle(index, directory ? Kind.DIRECTORY : Kind.FILE, null, null, ch, path);
    }

    boolean isSocket() {
        return kind == Kind.SOCKET || kind == Kind.LISTENER || kind == Kind.DATAGRAM;
    }

    /** The selectable channel, or null for files. */
    SelectableChannel selectable() {
        return socket != null ? socket : listener != null ? listener : datagram;
    }

    Channel channel() {
        return socket != null ? socket : listener != null ? listener : datagram != null ? datagram : file;
    }

    @Override
    public String toString() {
        return "Handle[" + index + ", " + kind + (path == null ? "" : ", " + path) + "]";
    }
}
