package io.zokio.runtime.sched;

/*
 * Field layout of LocalQueue (this file is named after the last class of the chain, the one LocalQueue
 * extends). The JVM places a superclass's fields before a subclass's, so this chain puts the
 * stealer-contended head and the owner-written tail on different cache lines (128 bytes apart, covering the
 * adjacent-line prefetcher), away from the object header and from the read-mostly buffer reference.
 */

abstract class LocalQueuePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class LocalQueueHead extends LocalQueuePad0 {
    /** Packed {@code steal << 32 | real}; see the package documentation. Accessed through HEAD only. */
    long head;
}

abstract class LocalQueuePad1 extends LocalQueueHead {
    long p10a, p11a, p12a, p13a, p14a, p15a, p16a, p17a, p18a, p19a, p1aa, p1ba, p1ca, p1da, p1ea, p1fa;
}

abstract class LocalQueueTail extends LocalQueuePad1 {
    /** Next position to write; written by the owner only. Accessed through TAIL or plainly by the owner. */
    int tail;
}

abstract class LocalQueuePad2 extends LocalQueueTail {
    long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
}
