package io.zokio.examples.http;

import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.sys.ErrnoException;
import io.zokio.sys.FileStat;
import io.zokio.sys.OpenFlags;
import io.zokio.net.TcpStream;
import io.zokio.runtime.Runtime;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * <b>Threading:</b> one connection's virtual thread; not thread-safe.
 *
 * <p>The file side of one connection: open, stat, read and close through the loop of the worker that owns
 * the connection's socket ({@link Runtime#submitAndAwait(int, Completion)}), so that file I/O never blocks a
 * carrier (io_uring, or the NIO backend's file pool) and a descriptor lives on the same loop as the socket.
 * One reused completion, one reused stat and one native buffer per connection: a body that fits the buffer
 * is sent with its head in one write (one copy, one syscall); a larger one with
 * {@link TcpStream#sendFile} (zero-copy: splice on io_uring, sendfile on NIO), except over TLS, where the
 * body goes through the buffer in chunks to be encrypted.
 */
final class FileBody {
    static final int BUFFER_BYTES = 256 * 1024;

    private final Runtime rt;
    private final int worker;
    private final Completion op = new Completion();
    private final FileStat stat = new FileStat();
    final MemorySegment buffer;
    final ByteBuffer view;

    FileBody(Runtime rt, int worker) {
        this.rt = rt;
        this.worker = worker;
        this.buffer = Arena.ofAuto().allocate(BUFFER_BYTES, 4096);
        this.view = buffer.asByteBuffer();
    }

    /** Opens {@code path} read-only; returns the descriptor or a negated errno. */
    int open(String path) {
        op.prepOpenAt(OpenFlags.AT_FDCWD, path, OpenFlags.O_RDONLY | OpenFlags.O_CLOEXEC, 0);
        return rt.submitAndAwait(worker, op);
    }

    /** Stats an open descriptor into {@link #stat()}; returns 0 or a negated errno. */
    int stat(int fd) {
        op.prepStatx(fd, "", OpenFlags.AT_EMPTY_PATH, stat);
        return rt.submitAndAwait(worker, op);
    }

    FileStat stat() {
        return stat;
    }

    void close(int fd) {
        op.prepClose(fd);
        rt.submitAndAwait(worker, op); // a close error on a read-only file loses nothing
    }

    /**
     * Sends the first {@code headBytes} of {@link #buffer} (the response head, already written there) followed
     * by bytes {@code [first, first + length)} of {@code fd}.
     */
    void send(HttpWire out, int headBytes, int fd, long first, long length) throws IOException {
        if (length > BUFFER_BYTES - headBytes && out.zeroCopy()) {
            // large body: the head, then the file straight from the page cache to the socket (zero-copy)
            out.writeAll(buffer.asSlice(0, headBytes));
            out.tcp().sendFile(fd, first, length, null);
            return;
        }
        long pos = first;
        long left = length;
        int head = headBytes;
        do {
            int room = BUFFER_BYTES - head;
            int want = (int) Math.min(room, left);
            int n = 0;
            if (want > 0) {
                op.prepRead(fd, buffer.asSlice(head, want), pos);
                n = rt.submitAndAwait(worker, op);
                if (n < 0) {
                    throw new ErrnoException("read", n);
                }
                if (n == 0) {
                    throw new ErrnoException("read", -Errno.EIO, "file shrank while being sent");
                }
            }
            out.writeAll(buffer.asSlice(0, head + n));
            pos += n;
            left -= n;
            head = 0;
        } while (left > 0);
    }
}
