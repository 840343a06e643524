package io.weft.util;

import io.weft.BrokenResourceError;
import io.weft.CheckedCallable;
import io.weft.CheckedFunction;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.stream.MemoryObjectSendStream;
import io.weft.stream.MemoryObjectStream;
import io.weft.sync.Semaphore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The common shapes of concurrent work, each a task group underneath: run calls and collect their
 * results in order ({@link #gather}), take the first to succeed ({@link #race}), apply a function
 * to many items with a bound on how many run at once ({@link #map}), or get results as they
 * complete ({@link #asCompleted}).
 *
 * <pre>{@code
 * List<Page> pages = Tasks.gather(() -> fetch(a), () -> fetch(b), () -> fetch(c));
 * Page fastest = Tasks.race(() -> fetch(mirror1), () -> fetch(mirror2));
 * List<Thumbnail> thumbs = Tasks.map(images, 8, image -> resize(image));
 * }</pre>
 *
 * <p>Every method must be called from a Weft task, and runs its work in tasks of a new task group
 * inside the caller's scope (for {@code asCompleted}: in the group it is given): cancelling the
 * caller cancels them, and none outlives the call. Failures follow the task group's rule: the first
 * failure cancels the rest, and what failed comes out as an {@link ExceptionGroup} (also for a
 * single failure); {@code race} alone lets calls fail as long as one succeeds.
 *
 * <p><b>Pitfalls.</b> The calls run concurrently with each other, so what they share must be
 * thread-safe on the VIRTUAL and PLATFORM backends. A call that blocks outside Weft (a JDK lock, a
 * blocking socket) is cancelled by interrupt only (see {@code docs/cancellation.md}); such work
 * belongs in {@code ToThread.runSync}.
 */
public final class Tasks {
    private static final Object NO_WINNER = new Object();

    private Tasks() {}

    /**
     * Runs every call in a task of its own, concurrently, and returns their results in the order of
     * {@code calls} once all have returned. A checkpoint.
     *
     * <p>If a call throws, the others are cancelled, and once all have ended an {@link
     * ExceptionGroup} of every failure is thrown (strict: a single failure is wrapped too). If this
     * throws {@code Cancelled}, the calls were cancelled and waited for, and no result is returned.
     *
     * @param calls the calls; an empty list gives an empty result
     * @return the results, in order, in an unmodifiable list that may hold nulls
     * @throws ExceptionGroup if any call threw
     * @throws NullPointerException if {@code calls} or one of them is null (the message says which)
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static <T> List<T> gather(List<? extends CheckedCallable<? extends T, ?>> calls) {
        List<? extends CheckedCallable<? extends T, ?>> all = checked(calls, "calls");
        Object[] results = new Object[all.size()];
        TaskGroup.run(tg -> {
            for (int i = 0; i < results.length; i++) {
                int k = i;
                CheckedCallable<? extends T, ?> call = all.get(i);
                tg.startSoon(() -> {
                    results[k] = call.call();
                });
            }
        });
        @SuppressWarnings("unchecked")
        List<T> out = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
        return out;
    }

    /**
     * {@link #gather(List)} for calls written in place, each lambda free to throw what it throws:
     * {@code Tasks.gather(() -> fetch(a), () -> fetch(b))}.
     */
    @SafeVarargs
    public static <T> List<T> gather(CheckedCallable<? extends T, ?>... calls) {
        Objects.requireNonNull(calls, "calls is null: pass the calls to run");
        List<CheckedCallable<? extends T, ?>> list = new ArrayList<>(calls.length);
        for (CheckedCallable<? extends T, ?> c : calls) {
            list.add(c); // not Arrays.asList(calls): passing the array on is what -Xlint flags
        }
        return gather(list);
    }

    /**
     * Runs every call concurrently and returns the result of the first to return; the others are
     * then cancelled and waited for. A call that throws an exception does not end the race; it only
     * drops out of it. A checkpoint.
     *
     * <p>A call that returns after the winner (it had not yet reached a checkpoint when the others
     * were cancelled) is ignored. An {@link Error} thrown by a call is not a loss but a failure: it
     * cancels the race and comes out in an {@link ExceptionGroup}, as from a task group. If this
     * throws {@code Cancelled}, the calls were cancelled and waited for.
     *
     * @param calls the calls, at least one
     * @return the first result
     * @throws ExceptionGroup if every call threw an exception (then it holds them all, in the order
     *     of {@code calls}), or if a call threw an {@code Error}
     * @throws IllegalArgumentException if {@code calls} is empty
     * @throws NullPointerException if {@code calls} or one of them is null
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static <T> T race(List<? extends CheckedCallable<? extends T, ?>> calls) {
        List<? extends CheckedCallable<? extends T, ?>> all = checked(calls, "calls");
        if (all.isEmpty()) {
            throw new IllegalArgumentException(
                    "a race needs at least one call, but the list is empty");
        }
        AtomicReference<Object> winner = new AtomicReference<>(NO_WINNER);
        Exception[] failures = new Exception[all.size()];
        TaskGroup.run(tg -> {
            for (int i = 0; i < failures.length; i++) {
                int k = i;
                CheckedCallable<? extends T, ?> call = all.get(i);
                tg.startSoon(() -> {
                    Object value;
                    try {
                        value = call.call();
                    } catch (Exception e) {
                        failures[k] = e;
                        return;
                    }
                    // The first to set it wins; a loser's value is dropped.
                    if (winner.compareAndSet(NO_WINNER, new Object[] {value})) {
                        tg.cancel("another call of the race won");
                    }
                });
            }
        });
        Object won = winner.get();
        if (won == NO_WINNER) {
            throw new ExceptionGroup(
                    "all " + failures.length + " calls of the race failed", List.of(failures));
        }
        @SuppressWarnings("unchecked")
        T value = (T) ((Object[]) won)[0];
        return value;
    }

    /**
     * {@link #race(List)} for calls written in place, each lambda free to throw what it throws:
     * {@code Tasks.race(() -> fetch(mirror1), () -> fetch(mirror2))}.
     */
    @SafeVarargs
    public static <T> T race(CheckedCallable<? extends T, ?>... calls) {
        Objects.requireNonNull(calls, "calls is null: pass the calls to race");
        List<CheckedCallable<? extends T, ?>> list = new ArrayList<>(calls.length);
        for (CheckedCallable<? extends T, ?> c : calls) {
            list.add(c); // not Arrays.asList(calls): passing the array on is what -Xlint flags
        }
        return race(list);
    }

    /**
     * Applies {@code fn} to every item, with at most {@code limit} applications running at once,
     * and returns the results in the order of {@code items}. The items are read first, from the
     * calling task; then a task is started for each item as soon as fewer than {@code limit} run. A
     * checkpoint.
     *
     * <p>If an application throws, the others are cancelled, no more are started, and once all have
     * ended an {@link ExceptionGroup} of every failure is thrown. If this throws {@code Cancelled},
     * the applications were cancelled and waited for, and no result is returned.
     *
     * @param items the items; an empty iterable gives an empty result
     * @param limit how many applications may run at once, at least 1
     * @param fn the function
     * @return the results, in order, in an unmodifiable list that may hold nulls
     * @throws ExceptionGroup if any application threw
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws io.weft.NoRuntimeError if not called from a Weft task
     */
    public static <A, R> List<R> map(
            Iterable<? extends A> items, int limit, CheckedFunction<? super A, ? extends R, ?> fn) {
        List<A> all = itemsOf(items, limit, fn);
        Object[] results = new Object[all.size()];
        Semaphore free = new Semaphore(limit);
        TaskGroup.run(tg -> {
            for (int i = 0; i < results.length; i++) {
                int k = i;
                A item = all.get(i);
                free.acquire();
                // A place freed at the moment another application failed may still reach us (a
                // unit is never lost to a racing cancellation): start nothing once cancelled.
                Weft.checkpointIfCancelled();
                tg.startSoon(() -> {
                    results[k] = fn.apply(item);
                    // Not in a finally: after a failure the place must stay taken, or the host
                    // could start the next item before the group's cancellation reaches it.
                    free.release();
                });
            }
        });
        @SuppressWarnings("unchecked")
        List<R> out = (List<R>) Collections.unmodifiableList(Arrays.asList(results));
        return out;
    }

    /**
     * Starts applying {@code fn} to every item in {@code group}, at most {@code limit} at once, and
     * returns a stream that yields each result as soon as it is ready (not in the order of the
     * items); the stream ends once every item has been handled. Not a checkpoint: it starts one
     * task in {@code group}, which starts the applications, and returns at once.
     *
     * <pre>{@code
     * TaskGroup.run(tg -> {
     *     try (MemoryObjectReceiveStream<Page> pages = Tasks.asCompleted(tg, urls, 10, Http::get)) {
     *         for (Page p : pages) {
     *             index(p);
     *         }
     *     }
     * });
     * }</pre>
     *
     * <p>A failing application fails {@code group} (with an {@link ExceptionGroup} of the failures,
     * nested in the group's own), which cancels the reader too. The stream buffers up to {@code
     * limit} results; while it is full, an application that has finished waits to deliver its
     * result and keeps its place.
     *
     * <p><b>Stopping early.</b> Closing the returned stream stops the work at the next result an
     * application tries to deliver: then the applications still running are cancelled, no more are
     * started, and {@code group} is not failed. Applications that never finish are not stopped by
     * the close; to stop everything at once, cancel {@code group} (or a scope around the reader and
     * the group).
     *
     * @param group the task group to run in; call this from a task of its runtime
     * @param items the items, read at once
     * @param limit how many applications may run at once, at least 1
     * @param fn the function
     * @return the receiving end of the results (the caller closes it)
     * @throws IllegalArgumentException if {@code limit} is less than 1
     * @throws IllegalStateException if {@code group} has exited
     */
    public static <A, R> MemoryObjectReceiveStream<R> asCompleted(
            TaskGroup group,
            Iterable<? extends A> items,
            int limit,
            CheckedFunction<? super A, ? extends R, ?> fn) {
        Objects.requireNonNull(group, "group is null: pass the task group to run the work in");
        List<A> all = itemsOf(items, limit, fn);
        MemoryObjectStream<R> results = MemoryObjectStream.create(limit);
        MemoryObjectSendStream<R> send = results.sendStream();
        group.startSoon(
                "Tasks.asCompleted",
                () -> {
                    Semaphore free = new Semaphore(limit);
                    TaskGroup.run(work -> {
                        try (send) { // the stream ends once this and every worker's clone close
                            for (A item : all) {
                                free.acquire();
                                Weft.checkpointIfCancelled(); // as in map
                                MemoryObjectSendStream<R> out = send.clone();
                                work.startSoon(() -> {
                                    try (out) {
                                        R r = fn.apply(item);
                                        try {
                                            out.send(r);
                                        } catch (BrokenResourceError readerGone) {
                                            work.cancel("the results stream was closed");
                                        }
                                    }
                                    free.release(); // not after a failure: as in map
                                });
                            }
                        }
                    });
                });
        return results.receiveStream();
    }

    private static <T> List<T> checked(List<T> list, String what) {
        Objects.requireNonNull(list, what + " is null: pass a list (List.of() for none)");
        List<T> copy = new ArrayList<>(list); // a snapshot: the caller may change its list later
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) == null) {
                throw new NullPointerException(what + "[" + i + "] is null");
            }
        }
        return copy;
    }

    private static <A> List<A> itemsOf(Iterable<? extends A> items, int limit, Object fn) {
        Objects.requireNonNull(items, "items is null: pass an Iterable (List.of() for none)");
        Objects.requireNonNull(fn, "fn is null: pass the function to apply to each item");
        if (limit < 1) {
            throw new IllegalArgumentException(
                    "limit must be at least 1 (how many run at once), but was " + limit);
        }
        List<A> all = new ArrayList<>();
        for (A a : items) {
            all.add(a);
        }
        return all;
    }
}
