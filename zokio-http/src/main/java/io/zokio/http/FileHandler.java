package io.zokio.http;

import io.zokio.http.server.FileIo;
import io.zokio.http.server.FilePaths;
import io.zokio.http.server.ParsedRequest;
import io.zokio.sys.FileStat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves the files under a root directory for GET and HEAD, with single byte ranges ({@code Range}, 206, 416)
 * and {@code index.html} for directories. Bodies go zero-copy on plain connections.
 *
 * <p>Refusals: a target that is not an origin-form path, is malformed, or names {@code ..} is 400; a missing
 * file, and a file whose real path leaves the root through a symbolic link, are 404 (links that stay inside the
 * root are served); other methods 405. With {@link #followLinks(boolean) followLinks(true)} links are followed
 * wherever they lead. File metadata is read through the connection's loop, never blocking a carrier (resolving
 * a link found on the way is the exception: that walks the file system on the handler's thread).
 *
 * <p><b>Threading:</b> immutable; thread-safe.
 */
public final class FileHandler implements HttpHandler {
    private final Path root;
    private final String rootString;
    private final boolean followLinks;
    private final String prefix;

    private FileHandler(Path root, boolean followLinks, String prefix) {
        this.root = root;
        this.rootString = root.toString().equals("/") ? "" : root.toString();
        this.followLinks = followLinks;
        this.prefix = prefix;
    }

    /**
     * A handler for the files under {@code root} (resolved to its real path now), not following links out of it.
     *
     * @throws UncheckedIOException when {@code root} is not a readable directory
     */
    public static FileHandler of(Path root) {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real)) {
                throw new IOException("not a directory");
            }
            return new FileHandler(real, false, "");
        } catch (IOException e) {
            throw new UncheckedIOException("file root " + root + ": " + e.getMessage(), e);
        }
    }

    /** A handler like this one that follows symbolic links wherever they point ({@code on}) or not. */
    public FileHandler followLinks(boolean on) {
        return new FileHandler(root, on, prefix);
    }

    /**
     * A handler like this one mounted under {@code prefix} (such as {@code /static}): it serves
     * {@code /static/a.css} from {@code root/a.css} and answers 404 for targets outside the prefix.
     */
    public FileHandler stripPrefix(String prefix) {
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix starts with / and does not end with it: " + prefix);
        }
        return new FileHandler(root, followLinks, prefix);
    }

    /** The root's real path. */
    public Path root() {
        return root;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return HttpResponse.text(405, "405 Method Not Allowed\n").header("Allow", "GET, HEAD");
        }
        if (!(request instanceof ParsedRequest p)) {
            throw new IllegalArgumentException("a FileHandler serves requests from an HttpServer");
        }
        String target = request.path();
        if (!prefix.isEmpty()) {
            if (!target.startsWith(prefix) || target.length() > prefix.length() && target.charAt(prefix.length()) != '/') {
                return notFound();
            }
            target = target.length() == prefix.length() ? "/" : target.substring(prefix.length());
        }
        String rel = FilePaths.relative(target);
        if (rel == null) {
            return HttpResponse.text(400, "400 Bad Request\n");
        }
        FileIo io = p.files();
        if (io == null) {
            throw new IllegalStateException("a FileHandler reads files in blocking style: serve it with "
                    + "HandlerMode.VIRTUAL_THREAD");
        }
        String path = rel.isEmpty() ? rootString : rootString + "/" + rel;
        if (!located(io, path, rel)) {
            return notFound();
        }
        if (io.stat().isDirectory()) {
            path = path + "/index.html";
            if (!located(io, path, "index.html")) {
                return notFound();
            }
        }
        FileStat st = io.stat();
        if (!st.isRegularFile()) {
            return notFound();
        }
        long size = st.sizeBytes();
        String type = FilePaths.contentType(path);
        long[] range = FilePaths.range(request.header("range"), size);
        if (range == null) {
            return HttpResponse.file(200, Path.of(path), type, 0, size).header("Accept-Ranges", "bytes");
        }
        if (range[0] < 0) {
            return HttpResponse.text(416, "416 Range Not Satisfiable\n").header("Content-Range", "bytes */" + size);
        }
        return HttpResponse.file(206, Path.of(path), type, range[0], range[1] - range[0] + 1)
                .header("Accept-Ranges", "bytes")
                .header("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
    }

    private static HttpResponse notFound() {
        return HttpResponse.text(404, "404 Not Found\n");
    }

    /**
     * Whether {@code path} (the root followed by {@code rel}'s segments) exists and may be served, leaving its
     * metadata (links followed) in {@code io.stat()}. Without {@link #followLinks}, each component is stat'ed
     * without following links (the last one's stat is then the file's); when one is a link, its real path must
     * stay under the root.
     */
    private boolean located(FileIo io, String path, String rel) throws IOException {
        if (followLinks || rel.isEmpty()) {
            return io.stat(path, true) == 0;
        }
        int from = path.length() - rel.length();
        while (true) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            if (io.stat(prefix, false) != 0) {
                return false;
            }
            if ((io.stat().mode() & FileStat.S_IFMT) == FileStat.S_IFLNK) {
                return realPathInside(path) && io.stat(path, true) == 0;
            }
            if (slash < 0) {
                return true; // the last component, not a link: its stat is the file's
            }
            from = slash + 1;
        }
    }

    private boolean realPathInside(String path) {
        try {
            return Path.of(path).toRealPath().startsWith(root);
        } catch (IOException e) {
            return false; // a dangling link or a loop
        }
    }
}
