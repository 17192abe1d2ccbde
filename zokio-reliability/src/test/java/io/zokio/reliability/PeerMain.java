package io.zokio.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Threading:</b> one command at a time, read from stdin by the main thread; {@code connect} fans out over
 * a fixed pool of platform threads and returns once they are all done.
 *
 * <p>The client ends of the reliability tests' connections, in a child JVM: the fd hard limit (20000 here) does
 * not let one process hold both ends of 10,000 connections. Plain JDK sockets, no Zokio. Commands, one a line,
 * each answered by one line on stdout:
 * <ul>
 *   <li>{@code connect PORT N THREADS}: opens N connections to 127.0.0.1:PORT from THREADS threads and holds
 *       them; answers {@code connected OK FAILED FIRST_ERROR}.</li>
 *   <li>{@code echo BYTES}: writes BYTES bytes (a pattern per connection) on every held connection, then reads
 *       BYTES back from each and compares; answers {@code echoed OK BAD}.</li>
 *   <li>{@code flood EVERY BYTES}: a background thread writes BYTES bytes on every EVERY-th held connection
 *       (non-blocking, a connection whose buffers are full is skipped) and never reads the echo, so the server
 *       ends up with reads and writes in flight; answers {@code flooding K}.</li>
 *   <li>{@code close}: stops the flood, closes every held connection; answers {@code closed N}.</li>
 *   <li>{@code exit}: answers {@code bye} and exits.</li>
 * </ul>
 * The parent ({@link PeerProcess}) kills this process in a finally block whatever happens.
 */
public final class PeerMain {
    private static final List<SocketChannel> HELD = Collections.synchronizedList(new ArrayList<>());
    private static volatile Thread flood;
    private static volatile boolean flooding;
    /** The flood thread waits here for a full connection to drain; closeAll wakes it. */
    private static volatile java.nio.channels.Selector floodSelector;

    private PeerMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        out.println("ready");
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split(" ");
            try {
                switch (w[0]) {
                    case "connect" -> out.println(connect(Integer.parseInt(w[1]), Integer.parseInt(w[2]),
                            Integer.parseInt(w[3])));
                    case "echo" -> out.println(echo(Integer.parseInt(w[1])));
                    case "flood" -> out.println("flooding " + flood(Integer.parseInt(w[1]), Integer.parseInt(w[2])));
                    case "close" -> out.println("closed " + closeAll());
                    case "exit" -> {
                        closeAll();
                        out.println("bye");
                        return;
                    }
                    default -> out.println("error unknown command " + line);
                }
            } catch (Exception e) {
                out.println("error " + e.toString().replace('\n', ' '));
            }
        }
        closeAll(); // the parent is gone
    }

    private static String connect(int port, int n, int threads) throws InterruptedException {
        InetSocketAddress addr = new InetSocketAddress("127.0.0.1", port);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        String[] firstError = {"-"};
        List<SocketChannel> mine = Collections.synchronizedList(new ArrayList<>(n));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                while (next.getAndIncrement() < n) {
                    try {
                        SocketChannel c = SocketChannel.open(addr); // blocking: a full backlog retries the SYN
                        c.socket().setTcpNoDelay(true);
                        mine.add(c);
                    } catch (IOException e) {
                        if (failed.getAndIncrement() == 0) {
                            firstError[0] = e.toString().replace(' ', '_');
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        HELD.addAll(mine);
        return "connected " + mine.size() + " " + failed.get() + " " + firstError[0];
    }

    private static String echo(int bytes) {
        List<SocketChannel> all;
        synchronized (HELD) {
            all = new ArrayList<>(HELD);
        }
        int ok = 0;
        int bad = 0;
        ByteBuffer out = ByteBuffer.allocate(bytes);
        ByteBuffer in = ByteBuffer.allocate(bytes);
        boolean[] wrote = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) { // every connection gets its request before any reply is read
            fill(out, i);
            try {
                while (out.hasRemaining()) {
                    all.get(i).write(out);
                }
                wrote[i] = true;
            } catch (IOException e) {
                bad++;
            }
        }
        for (int i = 0; i < all.size(); i++) {
            if (!wrote[i]) {
                continue;
            }
            fill(out, i);
            in.clear();
            try {
                while (in.hasRemaining()) {
                    if (all.get(i).read(in) < 0) {
                        break;
                    }
                }
                in.flip();
                if (in.equals(out)) {
                    ok++;
                } else {
                    bad++;
                }
            } catch (IOException e) {
                bad++;
            }
        }
        return "echoed " + ok + " " + bad;
    }

    private static void fill(ByteBuffer b, int conn) {
        b.clear();
        for (int j = 0; b.hasRemaining(); j++) {
            b.put((byte) (conn * 31 + j));
        }
        b.flip();
    }

    private static int flood(int every, int bytes) throws IOException {
        List<SocketChannel> chosen = new ArrayList<>();
        synchronized (HELD) {
            for (int i = 0; i < HELD.size(); i += every) {
                chosen.add(HELD.get(i));
            }
        }
        java.nio.channels.Selector selector = java.nio.channels.Selector.open();
        for (int i = 0; i < chosen.size(); i++) {
            chosen.get(i).configureBlocking(false);
            chosen.get(i).register(selector, 0, i); // write interest only while a connection is full
        }
        floodSelector = selector;
        flooding = true;
        flood = Thread.ofPlatform().name("peer-flood").start(() -> {
            ByteBuffer src = ByteBuffer.allocateDirect(16 * 1024);
            long[] left = new long[chosen.size()];
            java.util.Arrays.fill(left, bytes);
            boolean any = true;
            try (selector) {
                while (flooding && any) {
                    any = false;
                    boolean wrote = false;
                    for (int i = 0; i < chosen.size() && flooding; i++) {
                        if (left[i] <= 0) {
                            continue;
                        }
                        any = true;
                        src.clear().limit((int) Math.min(src.capacity(), left[i]));
                        SocketChannel c = chosen.get(i);
                        try {
                            int n = c.write(src);
                            left[i] -= n;
                            wrote |= n > 0;
                            c.keyFor(selector).interestOps(n == 0 ? java.nio.channels.SelectionKey.OP_WRITE : 0);
                        } catch (IOException | java.nio.channels.CancelledKeyException e) {
                            left[i] = 0; // the server closed it: nothing more to send there
                            java.nio.channels.SelectionKey k = c.keyFor(selector);
                            if (k != null) {
                                k.cancel(); // a dead socket must not keep the wait below from waiting
                            }
                        }
                    }
                    if (!wrote && any && flooding) {
                        // every connection with bytes left is full: wait until one drains (or closeAll wakes us)
                        selector.select();
                        selector.selectedKeys().clear();
                    }
                }
            } catch (IOException e) {
                // the selector failed: stop flooding; the held connections stay as they are
            }
        });
        return chosen.size();
    }

    private static int closeAll() throws InterruptedException {
        flooding = false;
        java.nio.channels.Selector sel = floodSelector;
        if (sel != null) {
            sel.wakeup(); // the flood thread may be waiting for a full connection to drain
        }
        Thread f = flood;
        if (f != null) {
            f.join();
            flood = null;
        }
        List<SocketChannel> all;
        synchronized (HELD) {
            all = new ArrayList<>(HELD);
            HELD.clear();
        }
        for (SocketChannel c : all) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing on a best-effort basis: the socket is gone either way
            }
        }
        return all.size();
    }
}
