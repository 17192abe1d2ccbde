package io.zokio.loop;

import io.zokio.loop.internal.OpState;

/** The field access {@link OpState} hands to the backends; registered by {@link Completion}'s initializer. */
final class LoopFields implements OpState.Fields {
    @Override
    public long token(Completion c) {
        return c.backendToken;
    }

    @Override
    public void token(Completion c, long token) {
        c.backendToken = token;
    }

    @Override
    public Completion next(Completion c) {
        return c.backendNext;
    }

    @Override
    public void next(Completion c, Completion next) {
        c.backendNext = next;
    }

    @Override
    public Object data(Completion c) {
        return c.backendData;
    }

    @Override
    public void data(Completion c, Object data) {
        c.backendData = data;
    }

    @Override
    public void bufferId(Completion c, int bufferId) {
        c.bufferId = bufferId;
    }

    @Override
    public void bufferOffset(Completion c, int offset) {
        c.bufferOffset = offset;
    }

    @Override
    public Object groupState(BufferGroup group) {
        return group.backendState;
    }

    @Override
    public void groupState(BufferGroup group, Object state) {
        group.backendState = state;
    }

    @Override
    public void bufferTaken(BufferGroup group, int bufferId) {
        group.taken(bufferId);
    }

    @Override
    public void groupUsers(BufferGroup group, int delta) {
        group.users += delta;
    }

    @Override
    public void groupFree(BufferGroup group) {
        group.closeAfterBackend();
    }
}
