package io.zokio.testkit.sim;

import io.zokio.loop.Action;
import io.zokio.loop.Completion;
import io.zokio.loop.EventLoop;
import io.zokio.loop.ShutdownHow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * An echo over the simulated network, all in callbacks: the server accepts one connection, sends back every byte
 * it receives (handling short sends) and, at end of stream, shuts down and closes; the client connects, sends
 * the payload while a receive is always posted (so neither side's full buffer can deadlock the other), shuts
 * down its sending side after the last byte and closes at end of stream. Loop thread only.
 */
final class Echo {
    private static final int CHUNK = 16 * 1024;

    private final SimHarness h;
    private final byte[] payload;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    int listener;
    int client;
    int server = -1;
    private int sent;
    private final MemorySegment clientOut;
    private final MemorySegment clientIn;
    private final MemorySegment serverBuf;
    private int serverPending;
    private int serverDone;

    Echo(SimHarness h, byte[] payload) {
        this.h = h;
        this.payload = payload;
        this.clientOut = h.arena.allocate(CHUNK);
        this.clientIn = h.arena.allocate(CHUNK);
        this.serverBuf = h.arena.allocate(CHUNK);
    }

    /** Opens both ends and submits the first operations; run the loop afterwards. */
    void start() {
        EventLoop loop = h.loop;
        InetSocketAddress at;
        try {
            listener = loop.sockets().openTcpListener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16, false);
            client = loop.sockets().openTcpSocket(false);
            at = loop.sockets().localAddress(listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        h.submit(new Completion().prepAccept(listener).callback(h.record((l, c, r) -> {
            server = r;
            serverRecv();
            return Action.DISARM;
        })));
        h.submit(new Completion().prepConnect(client, at).callback(h.record((l, c, r) -> {
            if (r == 0) {
                clientSend(new Completion());
                clientRecv(new Completion());
            }
            return Action.DISARM;
        })));
    }

    private void clientSend(Completion c) {
        if (sent == payload.length) {
            h.submit(new Completion().prepShutdown(client, ShutdownHow.SHUT_WR));
            return;
        }
        int n = Math.min(CHUNK, payload.length - sent);
        MemorySegment.copy(payload, sent, clientOut, ValueLayout.JAVA_BYTE, 0, n);
        h.submit(c.prepSend(client, clientOut.asSlice(0, n), 0).callback(h.record((l, cc, r) -> {
            if (r > 0) {
                sent += r; // a short send resends the rest from the payload
                clientSend(cc);
            }
            return Action.DISARM;
        })));
    }

    private void clientRecv(Completion c) {
        h.submit(c.prepRecv(client, clientIn, 0).callback(h.record((l, cc, r) -> {
            if (r > 0) {
                received.write(clientIn.asSlice(0, r).toArray(ValueLayout.JAVA_BYTE), 0, r);
                clientRecv(cc);
            } else {
                h.submit(new Completion().prepClose(client));
            }
            return Action.DISARM;
        })));
    }

    private void serverRecv() {
        h.submit(new Completion().prepRecv(server, serverBuf, 0).callback(h.record((l, c, r) -> {
            if (r > 0) {
                serverPending = r;
                serverDone = 0;
                serverSend();
            } else {
                h.submit(new Completion().prepShutdown(server, ShutdownHow.SHUT_WR).callback(h.record((l2, c2, r2) -> {
                    h.submit(new Completion().prepClose(server));
                    return Action.DISARM;
                })));
            }
            return Action.DISARM;
        })));
    }

    private void serverSend() {
        MemorySegment rest = serverBuf.asSlice(serverDone, serverPending - serverDone);
        h.submit(new Completion().prepSend(server, rest, 0).callback(h.record((l, c, r) -> {
            if (r > 0) {
                serverDone += r;
                if (serverDone < serverPending) {
                    serverSend();
                } else {
                    serverRecv();
                }
            }
            return Action.DISARM;
        })));
    }
}
