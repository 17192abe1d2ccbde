package io.zokio.sys;

import java.net.UnixDomainSocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The address of a Unix domain socket as the kernel holds it in {@code struct sockaddr_un}: a file system path,
 * a Linux abstract-namespace name ({@code sun_path[0]} is NUL, the name is the bytes after it, nothing appears in
 * the file system), or unnamed (a socket that was never bound, such as a connecting client).
 *
 * <p>{@link UnixDomainSocketAddress} holds a {@link Path}, which cannot contain NUL, so it expresses the first
 * and the last kind only; {@link #toSocketAddress()} converts those and refuses an abstract name.
 *
 * <p>Path bytes use the platform's file name encoding ({@code sun.jnu.encoding}), as the JDK's Unix domain
 * channels do; abstract names are UTF-8. Either kind holds at most {@value #MAX_PATH_BYTES} bytes: a path
 * needs its terminating NUL in the 108 bytes of {@code sun_path}, an abstract name its leading one. The
 * constructor does not check the length; binding or connecting an address that is too long fails with a
 * {@link java.net.SocketException} naming it.
 *
 * <p>Immutable and thread-safe.
 */
public final class UnixAddress {
    /** The most bytes of a path or abstract name that fit in {@code sun_path} with its NUL. */
    public static final int MAX_PATH_BYTES = 107;

    private static final Charset PATH_CHARSET = pathCharset();
    private static final UnixAddress UNNAMED = new UnixAddress(new byte[0], false);

    private final byte[] bytes;
    private final boolean abstractName;

    private UnixAddress(byte[] bytes, boolean abstractName) {
        this.bytes = bytes;
        this.abstractName = abstractName;
    }

    /** The file system path of {@code address}; an empty path is the unnamed address. */
    public static UnixAddress of(UnixDomainSocketAddress address) {
        return ofPath(Objects.requireNonNull(address, "address").getPath());
    }

    /** A file system path; an empty path is the unnamed address. */
    public static UnixAddress ofPath(Path path) {
        String s = Objects.requireNonNull(path, "path").toString();
        return s.isEmpty() ? UNNAMED : new UnixAddress(s.getBytes(PATH_CHARSET), false);
    }

    /**
     * A Linux abstract-namespace name (without the leading NUL, which this class adds). Must not be empty: an
     * empty abstract name asks the kernel to pick one (autobind).
     */
    public static UnixAddress ofAbstract(String name) {
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new IllegalArgumentException("abstract name must not be empty");
        }
        return new UnixAddress(name.getBytes(StandardCharsets.UTF_8), true);
    }

    /** The unnamed address (an unbound socket). */
    public static UnixAddress unnamed() {
        return UNNAMED;
    }

    /**
     * Backend: the address decoded from {@code sun_path}: {@code length} bytes at its start (without the
     * terminating NUL of a path; with the leading NUL of an abstract name).
     */
    public static UnixAddress fromSunPath(byte[] sunPath, int length) {
        if (length <= 0) {
            return UNNAMED;
        }
        if (sunPath[0] == 0) {
            return new UnixAddress(Arrays.copyOfRange(sunPath, 1, length), true);
        }
        int n = 0;
        while (n < length && sunPath[n] != 0) {
            n++;
        }
        return new UnixAddress(Arrays.copyOf(sunPath, n), false);
    }

    /** Whether this is a Linux abstract-namespace name. */
    public boolean isAbstract() {
        return abstractName;
    }

    /** Whether this is the unnamed address. */
    public boolean isUnnamed() {
        return bytes.length == 0;
    }

    /** The path, or the abstract name without its leading NUL; empty when unnamed. */
    public String name() {
        return new String(bytes, abstractName ? StandardCharsets.UTF_8 : PATH_CHARSET);
    }

    /** The path (empty when unnamed); null for an abstract name, which has none. */
    public Path path() {
        return abstractName ? null : Path.of(name());
    }

    /** The bytes of {@code sun_path} this address fills: the path, or NUL and the abstract name; no terminator. */
    public byte[] sunPath() {
        if (!abstractName) {
            return bytes.clone();
        }
        byte[] b = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, b, 1, bytes.length);
        return b;
    }

    /** Bytes of the path or name, without any NUL; the limit is {@value #MAX_PATH_BYTES}. */
    public int length() {
        return bytes.length;
    }

    /** Whether the address fits in {@code sun_path} ({@link #length()} at most {@value #MAX_PATH_BYTES}). */
    public boolean fits() {
        return bytes.length <= MAX_PATH_BYTES;
    }

    /**
     * The address as the JDK's type. A path or the unnamed address (an empty path, as the JDK's channels report
     * it).
     *
     * @throws UnsupportedOperationException for an abstract name: {@link UnixDomainSocketAddress} holds a
     *         {@link Path}, and a path cannot contain the NUL that starts an abstract name
     */
    public UnixDomainSocketAddress toSocketAddress() {
        if (abstractName) {
            throw new UnsupportedOperationException("the abstract-namespace address " + this
                    + " has no UnixDomainSocketAddress form: a java.nio.file.Path cannot contain NUL");
        }
        return UnixDomainSocketAddress.of(name());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixAddress u && u.abstractName == abstractName && Arrays.equals(u.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + (abstractName ? 1 : 0);
    }

    /** The path; an abstract name as {@code @name} (the form of {@code ss} and {@code netstat}); unnamed: empty. */
    @Override
    public String toString() {
        return abstractName ? "@" + name() : name();
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
