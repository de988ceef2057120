package org.eventprop4j.core.util;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of work on a fixed number of threads. Each piece writes only its own results, so what is
 * computed does not depend on the number of threads or on scheduling; callers combine the pieces in index order.
 *
 * <p>Built for many short parallel sections (a mini-batch every few hundred microseconds): the calling thread works
 * on the pieces itself, and {@code threads - 1} daemon helper threads per thread count, created on first use and
 * shared, join in; idle helpers park at once and are unparked by the next section, so sections pay no thread
 * start-up and little wake-up latency. A general fork-join pool costs ~30 us per such section here, more than a typical piece.
 */
public final class Parallel {
    private static final ConcurrentHashMap<Integer, Team> TEAMS = new ConcurrentHashMap<>();
    // Idle helpers do not spin: on the 2-core VM this was tuned on, a helper spinning (even with onSpinWait) while
    // the caller runs the serial part of a training step (optimiser update, ~30 us) slowed the threads' work by 15-20 %
    // (Yin-Yang training pass 5.24-5.27 s per 100 epochs with ~300 us of spinning, 4.6-4.9 s parking at once);
    // waking a parked helper costs less than that.

    private Parallel() {
    }

    /**
     * Calls {@code piece.accept(i)} for {@code i = 0 .. pieces-1} on {@code threads} threads (in the calling thread
     * when {@code threads == 1}, there is a single piece, or the caller is itself a helper). The first exception of a
     * piece is rethrown after all pieces have finished.
     *
     * @param pieces  number of pieces
     * @param threads number of threads
     * @param piece   the work of one piece, given its index
     */
    public static void forEach(int pieces, int threads, IntConsumer piece) {
        if (threads <= 1 || pieces <= 1 || Thread.currentThread() instanceof Helper) {
            for (int i = 0; i < pieces; i++) {
                piece.accept(i);
            }
            return;
        }
        TEAMS.computeIfAbsent(threads, Team::new).run(pieces, piece);
    }

    private static final class Helper extends Thread {
        Helper(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    /** One parallel section: its own counters, so a late helper can never take a piece of a later section. */
    private static final class Job {
        final int pieces;
        final IntConsumer body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Job(int pieces, IntConsumer body) {
            this.pieces = pieces;
            this.body = body;
        }

        void work() {
            int i;
            while ((i = next.getAndIncrement()) < pieces) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    /** A caller plus {@code size - 1} helpers sharing one job at a time. */
    private static final class Team {
        private final Helper[] helpers;
        private volatile Job job;

        Team(int size) {
            helpers = new Helper[size - 1];
            for (int h = 0; h < helpers.length; h++) {
                helpers[h] = new Helper(this::helperLoop, "eventprop4j-" + size + "-" + h);
                helpers[h].start();
            }
        }

        synchronized void run(int n, IntConsumer work) {
            Job j = new Job(n, work);
            job = j;                    // publishes the job to the helpers
            for (Helper h : helpers) {
                LockSupport.unpark(h);
            }
            j.work();
            while (j.done.get() < n) {
                Thread.onSpinWait();
            }
            Throwable f = j.failure;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }

        private void helperLoop() {
            Job seen = null;
            while (true) {
                Job j;
                while ((j = job) == seen) {
                    LockSupport.park(this);
                }
                seen = j;
                j.work();
            }
        }
    }
}
