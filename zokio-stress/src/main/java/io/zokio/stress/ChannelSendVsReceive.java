package io.zokio.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.zokio.runtime.Channel;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Channel hand-offs under races. Outcome values: a stage's state is 0 pending, 1 done with a value/success,
 * 2 failed; a receive's value is the value itself (1 or 2); what is left is a bit mask of queued values.
 */
public final class ChannelSendVsReceive {
    private ChannelSendVsReceive() {
    }

    static int state(CompletableFuture<?> f) {
        return !f.isDone() ? 0 : f.isCompletedExceptionally() ? 2 : 1;
    }

    static int left(Channel<Integer> ch) {
        int mask = 0;
        for (Integer v; (v = ch.tryReceive()) != null; ) {
            mask |= 1 << (v - 1);
        }
        return mask;
    }

    /** receiveAsync on an empty channel races trySend: the value reaches the receiver exactly once. */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "sent; received (handed over or taken from the ring)")
    @Outcome(expect = FORBIDDEN, desc = "value lost, duplicated, or receiver left pending")
    @State
    public static class AsyncReceiveVsSend {
        final Channel<Integer> ch = Channel.bounded(1);
        CompletableFuture<Integer> rx;
        boolean sent;

        @Actor
        public void receiver() {
            rx = ch.receiveAsync().toCompletableFuture();
        }

        @Actor
        public void sender() {
            sent = ch.trySend(1);
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = sent ? 1 : 0;
            r.r2 = rx.isDone() && !rx.isCompletedExceptionally() ? rx.join() : -state(rx);
            r.r3 = left(ch);
        }
    }

    /** On a full channel, sendAsync races tryReceive: the freed slot goes to the pending sender, in order. */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "receiver took the old value; async send queued")
    @Outcome(expect = FORBIDDEN, desc = "value lost or reordered, or sender left pending with room")
    @State
    public static class AsyncSendVsReceive {
        final Channel<Integer> ch = Channel.bounded(1);
        CompletableFuture<Void> tx;
        int got;

        {
            ch.trySend(1);
        }

        @Actor
        public void sender() {
            tx = ch.sendAsync(2).toCompletableFuture();
        }

        @Actor
        public void receiver() {
            Integer v = ch.tryReceive();
            got = v == null ? 0 : v;
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = state(tx);
            r.r2 = got;
            r.r3 = left(ch);
        }
    }

    /**
     * close races a trySend while a receiveAsync waits on the empty channel (jcstress needs a CPU per actor:
     * the receiver registers in the state's constructor). A send that succeeded reaches the receiver; a
     * refused one leaves the receiver failed; nobody stays pending. Outcome: send (1 ok, 2 refused), receive
     * (the value, -2 failed, 0 pending), left.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "send before close; handed to the receiver")
    @Outcome(id = "2, -2, 0", expect = ACCEPTABLE, desc = "close before send; receiver failed")
    @Outcome(expect = FORBIDDEN, desc = "lost value, value after close, or pending receiver")
    @State
    public static class CloseVsSendWithWaitingReceiver {
        final Channel<Integer> ch = Channel.bounded(1);
        final CompletableFuture<Integer> rx = ch.receiveAsync().toCompletableFuture();
        int sent;

        @Actor
        public void sender() {
            try {
                sent = ch.trySend(1) ? 1 : 0;
            } catch (io.zokio.runtime.ChannelClosedException e) {
                sent = 2;
            }
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = sent;
            r.r2 = rx.isDone() && !rx.isCompletedExceptionally() ? rx.join() : -state(rx);
            r.r3 = left(ch);
        }
    }

    /**
     * close races a trySend on an empty channel: a send that succeeded stays receivable after the close; a
     * refused one left nothing. Then a receiveAsync after the close gets the value or fails. Outcome: send
     * (1 ok, 2 refused), the late receive (value or -2 failed), left.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "send before close; drained after it")
    @Outcome(id = "2, -2, 0", expect = ACCEPTABLE, desc = "close before send")
    @Outcome(expect = FORBIDDEN, desc = "lost value or value after close")
    @State
    public static class CloseVsSend {
        final Channel<Integer> ch = Channel.bounded(1);
        int sent;

        @Actor
        public void sender() {
            try {
                sent = ch.trySend(1) ? 1 : 0;
            } catch (io.zokio.runtime.ChannelClosedException e) {
                sent = 2;
            }
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = sent;
            CompletableFuture<Integer> rx = ch.receiveAsync().toCompletableFuture();
            r.r2 = rx.isDone() && !rx.isCompletedExceptionally() ? rx.join() : -state(rx);
            r.r3 = left(ch);
        }
    }

    /**
     * close races a pending sendAsync (channel full) and a tryReceive that frees its slot. The pending send
     * either got the slot (its value stays receivable after close) or failed; never pending, never half.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = ACCEPTABLE, desc = "receive freed the slot before close: value queued")
    @Outcome(id = "2, 1, 0", expect = ACCEPTABLE, desc = "close before the receive: pending send failed")
    @Outcome(expect = FORBIDDEN, desc = "pending sender, lost or phantom value")
    @State
    public static class CloseVsPendingSend {
        final Channel<Integer> ch = Channel.bounded(1);
        final CompletableFuture<Void> tx;
        int got;

        {
            ch.trySend(1);
            tx = ch.sendAsync(2).toCompletableFuture();
        }

        @Actor
        public void receiver() {
            Integer v = ch.tryReceive();
            got = v == null ? 0 : v;
        }

        @Actor
        public void closer() {
            ch.close();
        }

        @Arbiter
        public void check(III_Result r) {
            r.r1 = state(tx);
            r.r2 = got;
            r.r3 = left(ch);
        }
    }
}
