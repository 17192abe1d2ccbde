package io.zokio.bench;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * <b>Threading:</b> stateless; any thread.
 *
 * <p>The external programs a bench runs (wrk, gcc): finding one on the {@code PATH}, and installing Debian
 * packages with {@code apt-get} when this process is root.
 */
public final class Tools {
    private static final long INSTALL_TIMEOUT_SECONDS = 600;

    private Tools() {
    }

    /** The executable {@code name} in a directory of the {@code PATH}, or null. */
    public static String onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }

    /**
     * {@code apt-get install -y -q PACKAGES} as root, once more after {@code apt-get update} when the first try
     * fails.
     *
     * @throws IOException when this process is not root, has no apt-get, or the install failed; the message says
     *                     which, after {@code why}
     */
    public static void aptInstall(String why, String... packages) throws IOException, InterruptedException {
        String list = String.join(" ", packages);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IOException(why + "; not root, so not installed (apt-get install -y " + list + ")");
        }
        if (onPath("apt-get") == null) {
            throw new IOException(why + "; no apt-get to install " + list);
        }
        List<String> install = new ArrayList<>(List.of("install", "-y", "-q"));
        install.addAll(List.of(packages));
        String[] args = install.toArray(String[]::new);
        boolean installed = apt(args) == 0 || apt("update", "-q") == 0 && apt(args) == 0;
        if (!installed) {
            throw new IOException(why + "; apt-get install -y " + list + " failed");
        }
    }

    private static int apt(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("apt-get"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(INSTALL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
