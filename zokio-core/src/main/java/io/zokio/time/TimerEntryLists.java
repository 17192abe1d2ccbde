package io.zokio.time;

/** List operations on {@link TimerEntry} links. Not thread-safe; called by the wheel on its owner thread. */
final class TimerEntryLists {
    private TimerEntryLists() {
    }

    /** Length of the list from {@code head}, counting no further than {@code limit}. */
    static int countUpTo(TimerEntry head, int limit) {
        int n = 0;
        for (TimerEntry e = head; e != null && n < limit; e = e.next) {
            n++;
        }
        return n;
    }

    /**
     * Sorts a doubly linked list by deadline, stably, without allocating (Simon Tatham's bottom-up merge sort
     * for linked lists); returns the new head.
     */
    static TimerEntry sortByDeadline(TimerEntry list) {
        if (list == null) {
            return null;
        }
        for (int runLength = 1; ; runLength *= 2) {
            TimerEntry p = list;
            TimerEntry tail = null;
            list = null;
            int merges = 0;
            while (p != null) {
                merges++;
                TimerEntry q = p;
                int pSize = 0;
                for (int i = 0; i < runLength && q != null; i++) {
                    pSize++;
                    q = q.next;
                }
                int qSize = runLength;
                while (pSize > 0 || (qSize > 0 && q != null)) {
                    TimerEntry e;
                    if (pSize == 0) {
                        e = q;
                        q = q.next;
                        qSize--;
                    } else if (qSize == 0 || q == null || p.deadlineNs <= q.deadlineNs) {
                        e = p;
                        p = p.next;
                        pSize--;
                    } else {
                        e = q;
                        q = q.next;
                        qSize--;
                    }
                    if (tail != null) {
                        tail.next = e;
                    } else {
                        list = e;
                    }
                    e.prev = tail;
                    tail = e;
                }
                p = q;
            }
            tail.next = null;
            if (merges <= 1) {
                return list;
            }
        }
    }
}
