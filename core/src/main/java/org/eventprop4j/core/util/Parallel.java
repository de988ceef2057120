package org.eventprop4j.core.util;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Runs independent pieces of work on a fixed number of threads. Each piece writes only its own results, so what is
 * computed does not depend on the number of threads or on scheduling; callers combine the pieces in index order.
 * One daemon pool per thread count is created on first use and shared (no thread start-up per call).
 */
public final class Parallel {
    private static final ConcurrentHashMap<Integer, ForkJoinPool> POOLS = new ConcurrentHashMap<>();

    private Parallel() {
    }

    private static ForkJoinPool pool(int threads) {
        return POOLS.computeIfAbsent(threads, t -> new ForkJoinPool(t, p -> {
            ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            w.setDaemon(true);
            w.setName("eventprop4j-" + t + "-" + w.getPoolIndex());
            return w;
        }, null, false));
    }

    /**
     * Calls {@code piece.accept(i)} for {@code i = 0 .. pieces-1} on {@code threads} threads (in the calling thread
     * when {@code threads == 1} or there is a single piece). Exceptions of a piece are rethrown.
     */
    public static void forEach(int pieces, int threads, IntConsumer piece) {
        if (threads <= 1 || pieces <= 1) {
            for (int i = 0; i < pieces; i++) {
                piece.accept(i);
            }
            return;
        }
        try {
            pool(threads).submit(() -> IntStream.range(0, pieces).parallel().forEach(piece)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
