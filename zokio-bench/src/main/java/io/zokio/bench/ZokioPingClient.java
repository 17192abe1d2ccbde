package io.zokio.bench;

import io.zokio.loop.Action;
import io.zokio.loop.Callback;
import io.zokio.loop.Completion;
import io.zokio.sys.Errno;
import io.zokio.loop.EventLoop;
import io.zokio.loop.RunMode;
import io.zokio.sys.SockOpt;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;

/**
 * <b>Threading:</b> loop-thread only; {@link #run} drives the loop on the calling thread until done.
 *
 * <p>The Zokio side of the ping-pong client: connect, then SEND "PING\n" and RECV its echo, one message at a time,
 * with one reused completion and one native buffer (no allocation per round trip unless a transfer is short).
 */
final class ZokioPingClient implements Callback {
    static final byte[] PING = {'P', 'I', 'N', 'G', '\n'};

    private final EventLoop loop;
    private final Completion completion = new Completion();
    private final MemorySegment message;
    private final MemorySegment receive;
    private final long warmup;
    private final long total;
    private int fd = -1;
    private long roundTrips;
    private int transferred;
    private long startNs;
    private long endNs;
    private int error;

    ZokioPingClient(EventLoop loop, Arena arena, long warmup, long measured) {
        this.loop = loop;
        this.warmup = warmup;
        this.total = warmup + measured;
        this.message = arena.allocate(PING.length);
        this.receive = arena.allocate(PING.length);
        MemorySegment.copy(MemorySegment.ofArray(PING), 0, message, 0, PING.length);
        completion.callback(this);
    }

    /**
     * Runs all round trips; returns the measured seconds (of the round trips after the warm-up).
     *
     * @throws IOException on a transfer error, or when the run takes longer than {@code timeoutSeconds}
     */
    double run(InetSocketAddress server, long timeoutSeconds) throws IOException, InterruptedException {
        fd = loop.sockets().openTcpSocket(false);
        loop.sockets().setSocketOption(fd, SockOpt.TCP_NODELAY, 1);
        completion.prepConnect(fd, server);
        loop.submit(completion);
        // a hung server must not hang the suite: stop() makes run() return; the loop's close() cancels the rest
        Thread watchdog = Thread.ofPlatform().daemon().name("pingpong-watchdog").start(() -> {
            try {
                Thread.sleep(timeoutSeconds * 1000);
                loop.stop();
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        loop.run(RunMode.UNTIL_DONE);
        watchdog.interrupt();
        watchdog.join();
        if (completion.isActive()) {
            throw new IOException("ping-pong did not finish within " + timeoutSeconds + " s (" + roundTrips
                    + " round trips)");
        }
        loop.sockets().closeNow(fd);
        if (error != 0) {
            throw new IOException("ping-pong failed after " + roundTrips + " round trips: " + Errno.name(error)
                    + " in " + completion.op());
        }
        return (endNs - startNs) / 1e9;
    }

    @Override
    public Action onComplete(EventLoop l, Completion c, int result) {
        if (result < 0 || (result == 0 && c.op() == io.zokio.loop.Op.RECV)) {
            error = result < 0 ? result : -Errno.ECONNRESET;
            return Action.DISARM;
        }
        switch (c.op()) {
            case CONNECT -> {
                if (warmup == 0) {
                    startNs = System.nanoTime();
                }
                send(0);
            }
            case SEND -> {
                transferred += result;
                if (transferred < PING.length) {
                    send(transferred);
                } else {
                    transferred = 0;
                    recv(0);
                }
            }
            case RECV -> {
                transferred += result;
                if (transferred < PING.length) {
                    recv(transferred);
                    return Action.DISARM;
                }
                transferred = 0;
                roundTrips++;
                if (roundTrips == warmup) {
                    startNs = System.nanoTime();
                }
                if (roundTrips == total) {
                    endNs = System.nanoTime();
                    return Action.DISARM;
                }
                send(0);
            }
            default -> throw new IllegalStateException("unexpected " + c.op());
        }
        return Action.DISARM;
    }

    private void send(int offset) {
        completion.prepSend(fd, offset == 0 ? message : message.asSlice(offset), 0);
        loop.submit(completion);
    }

    private void recv(int offset) {
        completion.prepRecv(fd, offset == 0 ? receive : receive.asSlice(offset), 0);
        loop.submit(completion);
    }

    long roundTrips() {
        return roundTrips;
    }
}
