package io.zokio.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * <b>Threading:</b> one writer at a time (it owns a buffer); not thread-safe. The blocking methods park like
 * {@link TcpStream#write(ByteBuffer)}; {@link #writeFrameAsync}'s future completes on the stream's loop thread.
 *
 * <p>Writes frames to a {@link TcpStream} as its {@link Framing} lays them out: a line with {@code '\n'}, a
 * frame with its delimiter, or a big-endian length field and the payload. A frame of up to
 * {@value #COPY_LIMIT} bytes is assembled in an internal direct buffer and sent with one write (one syscall
 * unless the socket buffer is full); a larger direct payload goes out with its length field or delimiter in one
 * gathering write, and a larger heap payload in order: field, payload, delimiter. Each call returns once the
 * whole frame was handed to the kernel.
 *
 * <p><b>Failures.</b> A payload over {@link Framing#maxFrameBytes()} throws {@link FrameTooLongException}, and a
 * line or delimited payload that contains its delimiter {@link IllegalArgumentException}, both before
 * anything is written: the writer and the stream stay usable. A failure of the stream (timeout, close, errno)
 * may leave part of a frame sent: the peer's framing is then broken, and the connection should be closed.
 */
public final class FrameWriter {
    /** Largest frame (payload and framing bytes) assembled in the writer's buffer. */
    public static final int COPY_LIMIT = 64 * 1024;

    private final TcpStream stream;
    private final Framing framing;
    /** Direct, grown on demand up to {@link #COPY_LIMIT}. */
    private ByteBuffer buf;
    /** Framing bytes of a large frame (length field, or delimiter). */
    private final ByteBuffer edge = ByteBuffer.allocateDirect(4);
    private final ByteBuffer[] pair = new ByteBuffer[2];

    /** A writer to {@code stream} framed by {@code framing}. */
    public FrameWriter(TcpStream stream, Framing framing) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.framing = Objects.requireNonNull(framing, "framing");
        this.buf = ByteBuffer.allocateDirect(Math.min(4 * 1024, framing.maxFrameBytes() + framing.overhead()));
    }

    public Framing framing() {
        return framing;
    }

    /**
     * Writes {@code payload}'s remaining bytes as one frame; its position moves to its limit.
     *
     * @throws FrameTooLongException when the payload is over the limit (nothing written)
     * @throws IllegalArgumentException when a line or delimited payload contains the delimiter (nothing written)
     */
    public void writeFrame(ByteBuffer payload) throws IOException {
        int n = check(payload);
        if (n + framing.overhead() <= COPY_LIMIT) {
            assemble(payload, n);
            stream.writeAll(buf);
            return;
        }
        if (framing.kind() == Framing.Kind.LENGTH_PREFIXED) {
            putLength(edge.clear(), n).flip();
            writeBoth(edge, payload);
        } else {
            edge.clear().put(framing.delimiter()).flip();
            writeBoth(payload, edge);
        }
    }

    /** Writes {@code payload} as one frame; see {@link #writeFrame(ByteBuffer)}. */
    public void writeFrame(byte[] payload) throws IOException {
        writeFrame(ByteBuffer.wrap(Objects.requireNonNull(payload, "payload")));
    }

    /**
     * Writes {@code text} encoded as UTF-8 as one frame (for {@link Framing#lines}: a line, followed by
     * {@code '\n'}).
     *
     * @throws FrameTooLongException when the encoded text is over the limit (nothing written)
     * @throws IllegalArgumentException when a line contains {@code '\n'} (nothing written)
     */
    public void writeLine(CharSequence text) throws IOException {
        writeFrame(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code payload}'s remaining bytes as one frame without parking; the future completes once all of
     * it was handed to the kernel. The payload is copied at once (its position moves to its limit), so the
     * caller may reuse it; frames over {@value #COPY_LIMIT} bytes are refused with
     * {@link IllegalArgumentException} (use {@link #writeFrame(ByteBuffer)}). One call at a time: start the next
     * once the future completed. {@code timeout} bounds each write to the stream (null or zero: none).
     */
    public CompletableFuture<Void> writeFrameAsync(ByteBuffer payload, Duration timeout) {
        int n;
        try {
            n = check(payload);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (n + framing.overhead() > COPY_LIMIT) {
            throw new IllegalArgumentException("an async frame is at most " + COPY_LIMIT + " bytes with framing: " + n);
        }
        assemble(payload, n);
        return stream.writeAllAsync(buf, timeout);
    }

    /** The payload's length after the checks of {@link #writeFrame(ByteBuffer)}. */
    private int check(ByteBuffer payload) throws FrameTooLongException {
        Objects.requireNonNull(payload, "payload");
        int n = payload.remaining();
        if (n > framing.maxFrameBytes()) {
            throw new FrameTooLongException(n, framing.maxFrameBytes(), "frame to write");
        }
        if (framing.kind() != Framing.Kind.LENGTH_PREFIXED) {
            byte d = framing.delimiter();
            int end = payload.limit();
            for (int i = payload.position(); i < end; i++) {
                if (payload.get(i) == d) {
                    throw new IllegalArgumentException("the payload contains the delimiter 0x"
                            + Integer.toHexString(d & 0xFF) + " at offset " + (i - payload.position()));
                }
            }
        }
        return n;
    }

    /** Fills {@link #buf} with the whole frame (field or delimiter included) and flips it for writing. */
    private void assemble(ByteBuffer payload, int n) {
        int total = n + framing.overhead();
        if (buf.capacity() < total) {
            buf = ByteBuffer.allocateDirect(Math.min(COPY_LIMIT, Math.max(total, 2 * buf.capacity())));
        }
        buf.clear();
        if (framing.kind() == Framing.Kind.LENGTH_PREFIXED) {
            putLength(buf, n);
            buf.put(payload);
        } else {
            buf.put(payload);
            buf.put(framing.delimiter());
        }
        buf.flip();
    }

    private ByteBuffer putLength(ByteBuffer b, int n) {
        switch (framing.lengthFieldBytes()) {
            case 1 -> b.put((byte) n);
            case 2 -> b.putShort((short) n);
            default -> b.putInt(n);
        }
        return b;
    }

    /** Writes {@code first} then {@code second} completely: one gathering write when both are direct. */
    private void writeBoth(ByteBuffer first, ByteBuffer second) throws IOException {
        if (first.isDirect() && second.isDirect()) {
            pair[0] = first;
            pair[1] = second;
            try {
                while (second.hasRemaining()) {
                    stream.write(pair, 0, 2);
                }
            } finally {
                pair[0] = null;
                pair[1] = null;
            }
            return;
        }
        stream.writeAll(first);
        stream.writeAll(second);
    }

    @Override
    public String toString() {
        return "FrameWriter[" + framing + "]";
    }
}
