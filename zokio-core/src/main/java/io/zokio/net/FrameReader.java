package io.zokio.net;

import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> one reader at a time (it owns a buffer and a position in the stream); not thread-safe.
 * The blocking methods park like {@link TcpStream#read(ByteBuffer)}; {@link #readFrameAsync}'s future
 * completes on the stream's loop thread.
 *
 * <p>Reads frames from a {@link TcpStream} as its {@link Framing} cuts them: lines, delimiter-separated frames
 * or length-prefixed frames. Buffered: each read from the stream fills as much of an internal direct buffer as
 * the kernel has ready (no byte-by-byte syscalls, no staging copy), and frames are parsed out of it, so many
 * small frames cost one read. The buffer starts at 8 KiB (or the largest frame, if smaller) and grows up to
 * one largest frame with its delimiter or length field. A frame handed out as a {@code byte[]} or
 * {@code String} is the only allocation per frame; {@link #readFrame(ByteBuffer)} copies into the caller's
 * buffer and allocates nothing.
 *
 * <p><b>Ends and failures.</b>
 * <ul>
 *   <li>End of stream between frames: {@link #readFrame()} and {@link #readLine()} return null,
 *       {@link #readFrame(ByteBuffer)} returns -1, and so on for every later call.</li>
 *   <li>End of stream inside a frame (some bytes of it, but not all, arrived): {@link EOFException} naming how
 *       many bytes were buffered; every later call throws it again.</li>
 *   <li>A frame over the limit: {@link FrameTooLongException}, as soon as the length field is read or the limit
 *       is passed without a delimiter. The reader is then failed: the stream's position is somewhere inside
 *       the oversized frame, so no later frame boundary can be trusted; every later call throws the same
 *       exception, and the connection should be closed.</li>
 *   <li>A timeout ({@link java.net.SocketTimeoutException}; the stream's read timeout,
 *       {@link TcpStream#setReadTimeout}) or an interrupt ({@link java.io.InterruptedIOException}) while a
 *       frame is incomplete leaves the reader usable: the bytes buffered so far are kept, and the next call
 *       goes on with the same frame.</li>
 *   <li>Anything else the stream throws ({@link java.nio.channels.ClosedChannelException}, an errno) is passed
 *       on.</li>
 * </ul>
 *
 * <p>Bytes read from the stream beyond the last frame returned stay in this reader's buffer
 * ({@link #buffered()}): read the stream through one reader only.
 */
public final class FrameReader {
    private static final int INITIAL_BYTES = 8 * 1024;

    private final TcpStream stream;
    private final Framing framing;
    /** Largest buffer needed: one largest frame with its delimiter (and '\r') or length field. */
    private final int maxBufferBytes;
    /** Direct; its position and limit are scratch, the data is [head, tail). */
    private ByteBuffer buf;
    private int head;
    private int tail;
    /** Bytes from head already searched for the delimiter. */
    private int scanned;
    /** The frame found by {@link #parse}: payload offset, payload length, bytes to consume. */
    private int frameOffset;
    private int frameLength;
    private int frameConsumes;
    private boolean atEnd;
    /** A frame over the limit or an end of stream inside a frame: thrown by every later call. */
    private IOException failure;
    /** Decoding scratch of {@link #readLine()}. */
    private byte[] scratch = new byte[0];

    /** A reader of {@code stream} framed by {@code framing}. */
    public FrameReader(TcpStream stream, Framing framing) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.framing = Objects.requireNonNull(framing, "framing");
        this.maxBufferBytes = framing.maxFrameBytes() + framing.overhead();
        this.buf = ByteBuffer.allocateDirect(Math.min(INITIAL_BYTES, maxBufferBytes));
    }

    public Framing framing() {
        return framing;
    }

    /** Bytes read from the stream and not yet returned in a frame. */
    public int buffered() {
        return tail - head;
    }

    /**
     * The next frame's payload as a new array, or null at the end of the stream.
     *
     * @throws FrameTooLongException for a frame over the limit (the reader is failed)
     * @throws EOFException when the stream ends inside a frame
     */
    public byte[] readFrame() throws IOException {
        if (!next()) {
            return null;
        }
        byte[] out = new byte[frameLength];
        buf.get(frameOffset, out);
        consume();
        return out;
    }

    /**
     * Copies the next frame's payload into {@code dst} (at its position, which moves past it) and returns its
     * length, or -1 at the end of the stream. Allocates nothing.
     *
     * @throws BufferOverflowException when the frame does not fit in {@code dst.remaining()}; the frame stays
     *         unread, so a call with a larger buffer gets it
     * @throws FrameTooLongException for a frame over the limit (the reader is failed)
     * @throws EOFException when the stream ends inside a frame
     */
    public int readFrame(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new java.nio.ReadOnlyBufferException();
        }
        if (!next()) {
            return -1;
        }
        int n = frameLength;
        if (n > dst.remaining()) {
            throw new BufferOverflowException();
        }
        dst.put(dst.position(), buf, frameOffset, n);
        dst.position(dst.position() + n);
        consume();
        return n;
    }

    /**
     * The next frame decoded as UTF-8 (for {@link Framing#lines}: the line without its {@code \n} or
     * {@code \r\n}), or null at the end of the stream. Malformed input is replaced, as by
     * {@link String#String(byte[], java.nio.charset.Charset)}.
     *
     * @throws FrameTooLongException for a frame over the limit (the reader is failed)
     * @throws EOFException when the stream ends inside a frame
     */
    public String readLine() throws IOException {
        if (!next()) {
            return null;
        }
        int n = frameLength;
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, Math.min(2 * scratch.length + 64, maxBufferBytes))];
        }
        buf.get(frameOffset, scratch, 0, n);
        consume();
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * The next frame's payload as a new array, without parking: the future completes (on the stream's loop
     * thread when a read was needed) with the frame, with null at the end of the stream, or exceptionally as
     * {@link #readFrame()} throws. {@code timeout} bounds each read from the stream (null or zero: none). One
     * call at a time: start the next once the future completed.
     */
    public CompletableFuture<byte[]> readFrameAsync(Duration timeout) {
        try {
            if (failure != null) {
                throw failure;
            }
            if (parse()) {
                byte[] out = new byte[frameLength];
                buf.get(frameOffset, out);
                consume();
                return CompletableFuture.completedFuture(out);
            }
            if (atEnd) {
                return CompletableFuture.completedFuture(null);
            }
            makeRoom();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        buf.limit(buf.capacity()).position(tail);
        return stream.readAsync(buf, timeout).thenCompose(n -> {
            try {
                if (!filled(n)) {
                    return CompletableFuture.completedFuture(null);
                }
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            return readFrameAsync(timeout);
        });
    }

    // ------------------------------------------------------------------ parsing and filling

    /** Parses until a frame is complete; false at a clean end of stream. */
    private boolean next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        while (!parse()) {
            if (atEnd) {
                return false;
            }
            makeRoom();
            int n;
            buf.limit(buf.capacity()).position(tail);
            n = stream.read(buf);
            if (!filled(n)) {
                return false;
            }
        }
        return true;
    }

    /** Takes a read's result: false at a clean end of stream; throws at an end inside a frame. */
    private boolean filled(int n) throws IOException {
        if (n >= 0) {
            tail += n;
            return true;
        }
        atEnd = true;
        if (tail > head) {
            failure = new EOFException("end of stream inside a frame (" + framing + "): " + (tail - head)
                    + " bytes of it arrived");
            throw failure;
        }
        return false;
    }

    /** Finds a complete frame in [head, tail); sets the frame fields and returns true, or false for more. */
    private boolean parse() throws FrameTooLongException {
        int avail = tail - head;
        int max = framing.maxFrameBytes();
        if (framing.kind() == Framing.Kind.LENGTH_PREFIXED) {
            int h = framing.lengthFieldBytes();
            if (avail < h) {
                return false;
            }
            long len = switch (h) {
                case 1 -> buf.get(head) & 0xFFL;
                case 2 -> buf.getShort(head) & 0xFFFFL;
                default -> buf.getInt(head) & 0xFFFF_FFFFL;
            };
            if (len > max) {
                throw fail(new FrameTooLongException(len, max, "length-prefixed frame"));
            }
            if (avail < h + len) {
                return false;
            }
            frameOffset = head + h;
            frameLength = (int) len;
            frameConsumes = h + (int) len;
            return true;
        }
        byte delimiter = framing.delimiter();
        for (int i = head + scanned; i < tail; i++) {
            if (buf.get(i) == delimiter) {
                int len = i - head;
                if (framing.kind() == Framing.Kind.LINES && len > 0 && buf.get(i - 1) == '\r') {
                    len--;
                }
                if (len > max) {
                    throw fail(new FrameTooLongException(len, max, "frame"));
                }
                frameOffset = head;
                frameLength = len;
                frameConsumes = i - head + 1;
                return true;
            }
        }
        scanned = avail;
        // a line may hold one '\r' more than the limit: it is dropped with the '\n'
        if (avail > max + (framing.kind() == Framing.Kind.LINES ? 1 : 0)) {
            throw fail(new FrameTooLongException(-1, max, "frame without a delimiter"));
        }
        return false;
    }

    private FrameTooLongException fail(FrameTooLongException e) {
        failure = e;
        return e;
    }

    private void consume() {
        head += frameConsumes;
        scanned = 0;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
    }

    /**
     * Makes room after {@code tail} for the next read: compacts when the data does not start at 0, else
     * grows (up to {@link #maxBufferBytes}, which {@link #parse} never needs to exceed before it fails).
     */
    private void makeRoom() {
        int cap = buf.capacity();
        int pending = tail - head;
        int need = pending + 1;
        if (framing.kind() == Framing.Kind.LENGTH_PREFIXED && pending >= framing.lengthFieldBytes()) {
            need = framing.lengthFieldBytes() + frameLengthField(); // the whole frame in one buffer
        }
        if (tail < cap && cap - head >= need) {
            return;
        }
        if (need <= cap && head > 0) {
            buf.limit(tail).position(head);
            buf.compact();
            head = 0;
            tail = pending;
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.min(maxBufferBytes, Math.max(need, 2 * cap)));
        bigger.put(0, buf, head, pending);
        buf = bigger;
        head = 0;
        tail = pending;
    }

    /** The length field at {@code head} (only when it is complete and within the limit: after parse). */
    private int frameLengthField() {
        return switch (framing.lengthFieldBytes()) {
            case 1 -> buf.get(head) & 0xFF;
            case 2 -> buf.getShort(head) & 0xFFFF;
            default -> buf.getInt(head);
        };
    }

    @Override
    public String toString() {
        return "FrameReader[" + framing + ", buffered=" + buffered() + (failure != null ? ", failed" : "") + "]";
    }
}
