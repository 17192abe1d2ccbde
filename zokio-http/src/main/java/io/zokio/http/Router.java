package io.zokio.http;

import io.zokio.http.server.ParsedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dispatches requests by method and path. A pattern is a path whose segments are literals or parameters
 * ({@code /users/{id}/posts/{post}}); a parameter matches one non-empty segment and its raw (not
 * percent-decoded) value is {@link HttpRequest#pathParam}. Literal paths are found with one hash lookup;
 * patterns are tried in the order they were added. A path with no route is answered 404, a path whose routes
 * have other methods 405 with {@code Allow}; HEAD falls back to the GET route (the server drops the body).
 *
 * <p><b>Threading:</b> add routes before the server starts; matching is then read-only and thread-safe.
 */
public final class Router implements HttpHandler {
    private final Map<String, Route> literal = new HashMap<>();
    /** The literal routes by the bytes of their path: a server request finds its route without a String. */
    private Literal[] table = new Literal[16];
    private final List<Route> patterns = new ArrayList<>();
    private HttpHandler fallback = r -> HttpResponse.text(404, "404 Not Found\n");

    /** A literal path's bytes, their hash, its route, and the next entry of the same table slot. */
    private record Literal(byte[] path, int hash, Route route, Literal next) {
    }

    /** The handlers of one path pattern, by method. */
    private static final class Route {
        final String[] segments; // literal segments, or null where a parameter is
        final String[] params;
        final Map<String, HttpHandler> byMethod = new LinkedHashMap<>();
        String allow;

        Route(String[] segments, String[] params) {
            this.segments = segments;
            this.params = params;
        }
    }

    /** Routes GET requests for {@code pattern} to {@code handler}. */
    public Router get(String pattern, HttpHandler handler) {
        return route("GET", pattern, handler);
    }

    /** Routes POST requests for {@code pattern} to {@code handler}. */
    public Router post(String pattern, HttpHandler handler) {
        return route("POST", pattern, handler);
    }

    /** Routes PUT requests for {@code pattern} to {@code handler}. */
    public Router put(String pattern, HttpHandler handler) {
        return route("PUT", pattern, handler);
    }

    /** Routes DELETE requests for {@code pattern} to {@code handler}. */
    public Router delete(String pattern, HttpHandler handler) {
        return route("DELETE", pattern, handler);
    }

    /** The handler of requests no route's path matches (default: 404). */
    public Router notFound(HttpHandler handler) {
        this.fallback = Objects.requireNonNull(handler, "handler");
        return this;
    }

    /**
     * Routes {@code method} requests for {@code pattern} to {@code handler}.
     *
     * @throws IllegalArgumentException when the pattern does not start with {@code /}, a parameter is malformed
     *         or repeated, or the method and pattern already have a handler
     */
    public Router route(String method, String pattern, HttpHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (!io.zokio.http.wire.HeaderFields.isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        if (pattern.isEmpty() || pattern.charAt(0) != '/') {
            throw new IllegalArgumentException("a pattern starts with /: " + pattern);
        }
        String[] parts = pattern.substring(1).split("/", -1);
        String[] params = new String[parts.length];
        boolean hasParams = false;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("{") && p.endsWith("}") && p.length() > 2) {
                String name = p.substring(1, p.length() - 1);
                if (java.util.Arrays.asList(params).contains(name)) {
                    throw new IllegalArgumentException("parameter {" + name + "} twice in " + pattern);
                }
                params[i] = name;
                parts[i] = null;
                hasParams = true;
            } else if (p.indexOf('{') >= 0 || p.indexOf('}') >= 0) {
                throw new IllegalArgumentException("a parameter is a whole segment, as {name}: " + pattern);
            }
        }
        Route route = hasParams ? findPattern(parts, params) : literal.get(pattern);
        if (route == null) {
            route = new Route(null, null);
            literal.put(pattern, route);
            index(pattern, route);
        }
        if (route.byMethod.putIfAbsent(method, handler) != null) {
            throw new IllegalArgumentException("route defined twice: " + method + " " + pattern);
        }
        route.allow = String.join(", ", route.byMethod.keySet());
        return this;
    }

    private void index(String pattern, Route route) {
        if (literal.size() * 2 > table.length) {
            table = new Literal[table.length * 2];
            for (Map.Entry<String, Route> e : literal.entrySet()) {
                if (e.getValue() != route) {
                    insert(e.getKey(), e.getValue());
                }
            }
        }
        insert(pattern, route);
    }

    private void insert(String pattern, Route route) {
        byte[] b = pattern.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int h = hash(b, 0, b.length);
        int slot = h & (table.length - 1);
        table[slot] = new Literal(b, h, route, table[slot]);
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 1;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /** The literal route for the path bytes {@code [from, to)}, or null. */
    private Route literal(byte[] b, int from, int to) {
        if (from == to) {
            return literal.get("/");
        }
        int h = hash(b, from, to);
        for (Literal l = table[h & (table.length - 1)]; l != null; l = l.next) {
            if (l.hash == h && java.util.Arrays.equals(l.path, 0, l.path.length, b, from, to)) {
                return l.route;
            }
        }
        return null;
    }

    private Route findPattern(String[] parts, String[] params) {
        for (Route r : patterns) {
            if (java.util.Arrays.equals(r.segments, parts) && java.util.Arrays.equals(r.params, params)) {
                return r;
            }
        }
        Route r = new Route(parts, params);
        patterns.add(r);
        return r;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        Route route = request instanceof ParsedRequest p ? literal(p.buffer(), p.pathFrom(), p.pathTo())
                : literal.get(request.path());
        String[] values = null;
        if (route == null) {
            String path = request.path();
            for (Route r : patterns) {
                values = match(r, path);
                if (values != null) {
                    route = r;
                    break;
                }
            }
            if (route == null) {
                return fallback.handle(request);
            }
        }
        HttpHandler h = route.byMethod.get(request.method());
        if (h == null && request.method().equals("HEAD")) {
            h = route.byMethod.get("GET");
        }
        if (h == null) {
            return HttpResponse.text(405, "405 Method Not Allowed\n").header("Allow", route.allow);
        }
        if (values != null) {
            if (request instanceof ParsedRequest p) {
                p.bindPathParams(route.params, values);
            } else {
                throw new IllegalArgumentException("path parameters need a request from an HttpServer");
            }
        }
        return h.handle(request);
    }

    /** The parameter values when {@code path} matches {@code r}, else null. */
    private static String[] match(Route r, String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        String[] values = new String[r.segments.length];
        int start = 1;
        for (int i = 0; i < r.segments.length; i++) {
            if (start > path.length()) {
                return null;
            }
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end < path.length() && i == r.segments.length - 1) {
                return null; // the path has more segments
            }
            String lit = r.segments[i];
            if (lit != null) {
                if (end - start != lit.length() || !path.regionMatches(start, lit, 0, lit.length())) {
                    return null;
                }
            } else {
                if (end == start) {
                    return null;
                }
                values[i] = path.substring(start, end);
            }
            start = end + 1;
        }
        return values;
    }
}
