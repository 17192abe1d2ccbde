package io.zokio.loop;

/**
 * A {@link FakeBackend} offered with other features: a test subclass gives the fake a capability it lacks (buffer
 * rings, native links, a descriptor table) by overriding {@link #features()}; everything else goes to the fake.
 */
abstract class ForwardingFakeBackend implements Backend {
    final FakeBackend fake = new FakeBackend();

    @Override
    public void attach(BackendContext context) {
        fake.attach(context);
    }

    @Override
    public void submit(Completion c) {
        fake.submit(c);
    }

    @Override
    public int poll(long waitNs) {
        return fake.poll(waitNs);
    }

    @Override
    public void wakeup() {
        fake.wakeup();
    }

    @Override
    public int inFlight() {
        return fake.inFlight();
    }

    @Override
    public void close() {
        fake.close();
    }
}
