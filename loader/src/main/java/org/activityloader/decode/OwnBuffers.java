package org.activityloader.decode;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.RecyclerPool;

/**
 * Hands Jackson the same buffers for each event: a {@link JsonEventReader} parses one event at a
 * time, and its buffers are its own (no thread-local lookup per event).
 */
final class OwnBuffers implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;
    private final transient BufferRecycler buffers = new BufferRecycler();

    @Override
    public BufferRecycler acquirePooled() {
        return buffers;
    }

    @Override
    public void releasePooled(BufferRecycler released) {
        // kept in the field
    }
}
