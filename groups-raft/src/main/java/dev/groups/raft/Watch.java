package dev.groups.raft;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A watched value: setters notify only on a real change; waiters complete when a predicate holds.
 * Futures are completed outside the lock, on the setter's thread (the group's thread): dependants that
 * do heavy work should use the {@code *Async} stages. Thread-safe.
 */
final class Watch<T> {
    private record Waiter<T>(Predicate<T> condition, CompletableFuture<T> future) {}

    private T value;
    private final List<Waiter<T>> waiters = new ArrayList<>();
    private boolean closed;

    Watch(T initial) {
        this.value = initial;
    }

    synchronized T get() {
        return value;
    }

    void set(T newValue) {
        List<Waiter<T>> ready = new ArrayList<>();
        synchronized (this) {
            if (Objects.equals(value, newValue)) {
                return;
            }
            value = newValue;
            for (Iterator<Waiter<T>> it = waiters.iterator(); it.hasNext(); ) {
                Waiter<T> w = it.next();
                if (w.condition().test(newValue)) {
                    it.remove();
                    ready.add(w);
                }
            }
        }
        for (Waiter<T> w : ready) {
            w.future().complete(newValue);
        }
    }

    /** Completes when {@code condition} holds: at once if it already does. Never completes after close. */
    CompletableFuture<T> when(Predicate<T> condition) {
        CompletableFuture<T> f = new CompletableFuture<>();
        T now;
        synchronized (this) {
            now = value;
            if (!condition.test(now)) {
                if (!closed) {
                    waiters.add(new Waiter<>(condition, f));
                }
                return f;
            }
        }
        f.complete(now);
        return f;
    }

    /** Completes on the next value that satisfies {@code condition} relative to the value now. */
    CompletableFuture<T> next(java.util.function.BiPredicate<T, T> fromTo) {
        T start = get();
        return when(v -> fromTo.test(start, v));
    }

    /** The group ended: pending waiters never complete (as a closed channel in the spec). */
    synchronized void close() {
        closed = true;
        waiters.clear();
    }
}
