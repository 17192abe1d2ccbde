package io.zokio.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test JVM's host-name resolver (installed through {@code META-INF/services}): a few names under
 * {@code .zokio.test} answer with fixed loopback addresses, one fails inside the resolver, and every other name
 * goes to the JDK's built-in resolver unchanged. Tests check {@link #installed()} before they use a test name, so
 * that a name of theirs never reaches a real DNS server.
 */
public final class TestNamesResolverProvider extends InetAddressResolverProvider {
    /** Resolves to 127.0.0.2, then 127.0.0.1: the first refuses where a listener is bound to 127.0.0.1 only. */
    public static final String REFUSED_THEN_LOOPBACK = "refused-then-loopback.zokio.test";
    /** Resolves to 127.0.0.2, then 127.0.0.3. */
    public static final String TWO_REFUSING = "two-refusing.zokio.test";
    /** Its lookup throws an {@link IllegalStateException}, as a broken resolver provider would. */
    public static final String BROKEN = "broken-resolver.zokio.test";

    private static final Map<String, byte[][]> FIXED = Map.of(
            REFUSED_THEN_LOOPBACK, new byte[][] {{127, 0, 0, 2}, {127, 0, 0, 1}},
            TWO_REFUSING, new byte[][] {{127, 0, 0, 2}, {127, 0, 0, 3}});

    private static volatile boolean installed;

    /** Whether the JDK took this provider as its resolver (it does so at the JVM's first lookup). */
    public static boolean installed() throws UnknownHostException {
        InetAddress.getByName("localhost"); // the first lookup loads the provider; /etc/hosts answers it
        return installed;
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        installed = true;
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String name = host.toLowerCase(Locale.ROOT);
                if (name.equals(BROKEN)) {
                    throw new IllegalStateException("the test resolver fails for " + host);
                }
                byte[][] fixed = FIXED.get(name);
                if (fixed == null) {
                    return builtin.lookupByName(host, policy);
                }
                InetAddress[] all = new InetAddress[fixed.length];
                for (int i = 0; i < fixed.length; i++) {
                    all[i] = InetAddress.getByAddress(host, fixed[i]);
                }
                return Stream.of(all);
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "zokio test names";
    }
}
