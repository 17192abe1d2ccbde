package io.zokio.net;

/**
 * <b>Threading:</b> immutable; any thread.
 *
 * <p>How a byte stream is cut into frames, for {@link FrameReader} and {@link FrameWriter} (in the manner of
 * tokio-util's {@code LinesCodec} and {@code LengthDelimitedCodec}). Three kinds:
 * <ul>
 *   <li>{@link #lines(int)}: frames end with {@code '\n'}; a {@code '\r'} before it is not part of the frame
 *       (so both {@code \n} and {@code \r\n} line ends are read; {@code \n} is written).</li>
 *   <li>{@link #delimited(byte, int)}: frames end with one delimiter byte, which is not part of the frame.</li>
 *   <li>{@link #lengthPrefixed(int, int)}: each frame is preceded by its payload length as an unsigned
 *       big-endian integer of 1, 2 or 4 bytes (the length counts the payload only, not the field).</li>
 * </ul>
 * Every framing has a size limit, {@link #maxFrameBytes()}: the payload length (without delimiter or length
 * field) that no frame may exceed. Reading an oversized frame throws {@link FrameTooLongException}; writing
 * one throws it too, before anything is sent. The limit is what keeps a peer from making the reader buffer
 * without bound.
 */
public final class Framing {
    /** The kinds of framing. */
    public enum Kind {
        LINES, DELIMITED, LENGTH_PREFIXED
    }

    private final Kind kind;
    private final byte delimiter;
    private final int lengthFieldBytes;
    private final int maxFrameBytes;

    private Framing(Kind kind, byte delimiter, int lengthFieldBytes, int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        if (maxFrameBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxFrameBytes too large for one buffer: " + maxFrameBytes);
        }
        this.kind = kind;
        this.delimiter = delimiter;
        this.lengthFieldBytes = lengthFieldBytes;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Lines ending with {@code '\n'} (or {@code "\r\n"} when read) of at most {@code maxLineBytes} bytes. */
    public static Framing lines(int maxLineBytes) {
        return new Framing(Kind.LINES, (byte) '\n', 0, maxLineBytes);
    }

    /** Frames ending with {@code delimiter}, of at most {@code maxFrameBytes} bytes before it. */
    public static Framing delimited(byte delimiter, int maxFrameBytes) {
        return new Framing(Kind.DELIMITED, delimiter, 0, maxFrameBytes);
    }

    /**
     * Frames preceded by a big-endian unsigned length field of {@code lengthFieldBytes} (1, 2 or 4), of at most
     * {@code maxFrameBytes} payload bytes; the limit may not exceed what the field can express (255 for 1 byte,
     * 65535 for 2).
     */
    public static Framing lengthPrefixed(int lengthFieldBytes, int maxFrameBytes) {
        long fieldMax = switch (lengthFieldBytes) {
            case 1 -> 0xFFL;
            case 2 -> 0xFFFFL;
            case 4 -> 0xFFFF_FFFFL;
            default -> throw new IllegalArgumentException("length field must be 1, 2 or 4 bytes: " + lengthFieldBytes);
        };
        if (maxFrameBytes > fieldMax) {
            throw new IllegalArgumentException("a " + lengthFieldBytes + "-byte length field cannot express "
                    + maxFrameBytes + " bytes (at most " + fieldMax + ")");
        }
        return new Framing(Kind.LENGTH_PREFIXED, (byte) 0, lengthFieldBytes, maxFrameBytes);
    }

    public Kind kind() {
        return kind;
    }

    /** The delimiter of {@link Kind#DELIMITED} ({@code '\n'} for {@link Kind#LINES}); unused otherwise. */
    public byte delimiter() {
        return delimiter;
    }

    /** The length field's size of {@link Kind#LENGTH_PREFIXED}, else 0. */
    public int lengthFieldBytes() {
        return lengthFieldBytes;
    }

    /** The largest payload a frame may have. */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Bytes a frame takes on the wire besides its payload, at most (field, or delimiter and {@code '\r'}). */
    int overhead() {
        return switch (kind) {
            case LINES -> 2;
            case DELIMITED -> 1;
            case LENGTH_PREFIXED -> lengthFieldBytes;
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LINES -> "lines(max " + maxFrameBytes + ")";
            case DELIMITED -> "delimited(0x" + Integer.toHexString(delimiter & 0xFF) + ", max " + maxFrameBytes + ")";
            case LENGTH_PREFIXED -> "lengthPrefixed(" + lengthFieldBytes + " bytes, max " + maxFrameBytes + ")";
        };
    }
}
