package io.zokio.http.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Where requests go and which connections they share: scheme, host and port (RFC 9110 section 4.3.1). Host
 * names compare ignoring case; the pool key is the unresolved name and port, resolved when a connection opens.
 */
record Origin(boolean tls, String host, int port) {
    /** The origin of {@code uri}. @throws IllegalArgumentException unless {@code http} or {@code https} with a host */
    static Origin of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "http" -> false;
            case "https" -> true;
            default -> throw new IllegalArgumentException("not an http or https URI: " + uri);
        };
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("user information in a URI is not sent: " + uri);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        return new Origin(tls, host.toLowerCase(Locale.ROOT), port);
    }

    /** The pool key: unresolved, so that the name resolves at connect time. */
    InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    /** The {@code Host} field value: the port only when not the scheme's default, IPv6 literals bracketed. */
    String hostField() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == (tls ? 443 : 80) ? h : h + ":" + port;
    }
}
