package dev.plimsoll.notify.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

/**
 * Runs at most {@code max} tasks of one contact point at a time on a shared pool, queueing the rest
 * without holding a pool thread: a slow receiver occupies at most {@code max} threads, and the
 * others keep theirs. Thread-safe.
 */
final class TargetLimiter {

    private final int max;
    private final Executor pool;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private int active;

    TargetLimiter(int max, Executor pool) {
        this.max = max;
        this.pool = pool;
    }

    void execute(Runnable task) {
        synchronized (this) {
            if (active >= max) {
                waiting.add(task);
                return;
            }
            active++;
        }
        pool.execute(wrap(task));
    }

    synchronized int active() {
        return active;
    }

    private Runnable wrap(Runnable task) {
        return () -> {
            try {
                task.run();
            } finally {
                Runnable next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        active--;
                    }
                }
                if (next != null) {
                    pool.execute(wrap(next));
                }
            }
        };
    }
}
