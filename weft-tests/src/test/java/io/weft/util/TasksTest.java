package io.weft.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.weft.CancelScope;
import io.weft.Cancelled;
import io.weft.CheckedCallable;
import io.weft.ExceptionGroup;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.junit.WeftTest;
import io.weft.stream.MemoryObjectReceiveStream;
import io.weft.sync.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.InstanceOfAssertFactories;

/** {@link Tasks}: gather, race, map and asCompleted, on every backend. */
class TasksTest {

    /** A call that waits until {@code go} is set, notes it was cancelled, and returns {@code v}. */
    private static CheckedCallable<String, RuntimeException> after(
            Event go, String v, Set<String> cancelled) {
        return () -> {
            try {
                go.await();
            } catch (Cancelled c) {
                cancelled.add(v);
                throw c;
            }
            return v;
        };
    }

    // ---------------------------------------------------------------- gather

    @WeftTest
    void gatherReturnsResultsInTheOrderOfTheCallsWhateverOrderTheyEndIn() {
        Event first = new Event();
        Event second = new Event();
        List<String> results =
                Tasks.gather(
                        () -> {
                            second.await(); // ends last
                            return "a";
                        },
                        () -> {
                            first.await();
                            second.set();
                            return null;
                        },
                        () -> {
                            first.set(); // ends first
                            return "c";
                        });
        assertThat(results).containsExactly("a", null, "c");
        assertThatThrownBy(() -> results.set(0, "x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @WeftTest
    void gatherOfNothingIsAnEmptyList() {
        assertThat(Tasks.gather(List.<CheckedCallable<String, RuntimeException>>of())).isEmpty();
    }

    @WeftTest
    void theFirstFailureCancelsTheOtherCallsAndComesOutInAGroup() {
        Event never = new Event();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        Throwable t =
                catchThrowable(() ->
                        Tasks.gather(
                                after(never, "a", cancelled),
                                () -> {
                                    Weft.waitAllTasksBlocked();
                                    throw new IOException("b failed");
                                },
                                after(never, "c", cancelled)));
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) t).exceptions())
                .singleElement(InstanceOfAssertFactories.THROWABLE)
                .isInstanceOf(IOException.class)
                .hasMessage("b failed");
        assertThat(cancelled).containsExactlyInAnyOrder("a", "c");
    }

    @WeftTest
    void aCancelledCallerCancelsItsCalls() {
        Event never = new Event();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        CancelScope scope = new CancelScope();
        scope.run(s ->
                TaskGroup.run(tg -> {
                    tg.startSoon(() -> {
                        Weft.waitAllTasksBlocked();
                        s.cancel();
                    });
                    Tasks.gather(after(never, "a", cancelled), after(never, "b", cancelled));
                }));
        assertThat(scope.cancelledCaught()).isTrue();
        assertThat(cancelled).containsExactlyInAnyOrder("a", "b");
    }

    @WeftTest
    void badListsAreRejectedByName() {
        assertThatThrownBy(
                        () -> Tasks.gather((List<CheckedCallable<String, RuntimeException>>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("calls is null");
        List<CheckedCallable<String, RuntimeException>> withNull = new ArrayList<>();
        withNull.add(() -> "a");
        withNull.add(null);
        assertThatThrownBy(() -> Tasks.gather(withNull))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("calls[1] is null");
        assertThatThrownBy(() -> Tasks.race(List.<CheckedCallable<String, RuntimeException>>of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one call");
    }

    // ---------------------------------------------------------------- race

    @WeftTest
    void theFirstSuccessWinsAFailureOnlyDropsOutAndTheRestAreCancelled() {
        Event go = new Event();
        Event never = new Event();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        String won =
                Tasks.race(
                        () -> {
                            Weft.waitAllTasksBlocked();
                            go.set();
                            throw new IOException("a lost");
                        },
                        after(go, "b", cancelled),
                        after(never, "c", cancelled));
        assertThat(won).isEqualTo("b");
        assertThat(cancelled).containsExactly("c");
    }

    @WeftTest
    void whenEveryCallFailsTheRaceThrowsThemAllInOrder() {
        Throwable t =
                catchThrowable(() ->
                        Tasks.race(
                                List.<CheckedCallable<String, IOException>>of(
                                        () -> {
                                            Weft.waitAllTasksBlocked();
                                            throw new IOException("a");
                                        },
                                        () -> {
                                            throw new IOException("b");
                                        })));
        assertThat(t).isInstanceOf(ExceptionGroup.class).hasMessageContaining("all 2 calls");
        assertThat(((ExceptionGroup) t).exceptions())
                .extracting(Throwable::getMessage)
                .containsExactly("a", "b");
    }

    @WeftTest
    void anErrorIsNotALossButFailsTheRace() {
        Event never = new Event();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        Throwable t =
                catchThrowable(() ->
                        Tasks.race(
                                after(never, "a", cancelled),
                                () -> {
                                    Weft.waitAllTasksBlocked();
                                    throw new AssertionError("bug");
                                }));
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) t).exceptions())
                .singleElement()
                .isInstanceOf(AssertionError.class);
        assertThat(cancelled).containsExactly("a");
    }

    @WeftTest
    void aNullResultCanWin() {
        assertThat(Tasks.race(List.<CheckedCallable<String, RuntimeException>>of(() -> null)))
                .isNull();
    }

    // ---------------------------------------------------------------- map

    @WeftTest
    void mapRunsAtMostLimitAtOnceAndKeepsTheOrder() {
        Event go = new Event();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> results =
                TaskGroup.call(tg -> {
                    tg.startSoon(() -> {
                        Weft.waitAllTasksBlocked(); // three run, the other seven are not started
                        assertThat(running).hasValue(3);
                        go.set();
                    });
                    return Tasks.map(
                            List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                            3,
                            i -> {
                                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                                go.await();
                                running.decrementAndGet();
                                return i * i;
                            });
                });
        assertThat(results).containsExactly(1, 4, 9, 16, 25, 36, 49, 64, 81, 100);
        assertThat(most).hasValue(3);
    }

    @WeftTest
    void aFailedApplicationStopsTheMap() {
        AtomicInteger started = new AtomicInteger();
        Throwable t =
                catchThrowable(() ->
                        Tasks.map(
                                List.of(1, 2, 3, 4, 5),
                                1,
                                i -> {
                                    started.incrementAndGet();
                                    if (i == 2) {
                                        throw new IOException("no " + i);
                                    }
                                    return i;
                                }));
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) t).exceptions())
                .singleElement(InstanceOfAssertFactories.THROWABLE)
                .hasMessage("no 2");
        assertThat(started).hasValue(2); // one at a time: nothing started after the failure
    }

    @WeftTest
    void mapRejectsALimitBelowOne() {
        assertThatThrownBy(() -> Tasks.map(List.of(1), 0, i -> i))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit must be at least 1")
                .hasMessageContaining("was 0");
        assertThat(Tasks.map(List.<Integer>of(), 1, i -> i)).isEmpty();
    }

    // ---------------------------------------------------------------- asCompleted

    @WeftTest
    void asCompletedYieldsResultsAsTheyEndAndThenEnds() {
        Event[] done = {new Event(), new Event(), new Event()};
        List<String> seen = new ArrayList<>();
        TaskGroup.run(tg -> {
            try (MemoryObjectReceiveStream<String> results =
                    Tasks.asCompleted(
                            tg,
                            List.of(0, 1, 2),
                            3,
                            i -> {
                                done[i].await();
                                return "item " + i;
                            })) {
                done[2].set();
                seen.add(results.receive());
                done[0].set();
                seen.add(results.receive());
                done[1].set();
                for (String r : results) {
                    seen.add(r);
                }
            }
        });
        assertThat(seen).containsExactly("item 2", "item 0", "item 1");
    }

    @WeftTest
    void closingTheResultsEarlyStopsTheWorkAtItsNextResultWithoutFailingTheGroup() {
        Event go = new Event();
        AtomicInteger started = new AtomicInteger();
        TaskGroup.run(tg -> {
            MemoryObjectReceiveStream<String> results =
                    Tasks.asCompleted(
                            tg,
                            Arrays.asList("a", "b", "c", "d"),
                            2,
                            s -> {
                                started.incrementAndGet();
                                if (!s.equals("a")) {
                                    go.await();
                                }
                                return s;
                            });
            assertThat(results.receive()).isEqualTo("a");
            Weft.waitAllTasksBlocked(); // "b" and "c" wait for go; "d" waits for a place
            results.close();
            go.set(); // the first of "b" and "c" to deliver finds the stream closed
        });
        assertThat(started).hasValue(3); // "d" never started
    }

    @WeftTest
    void cancellingTheGroupStopsApplicationsThatWouldNeverFinish() {
        Event never = new Event();
        Set<String> cancelled = ConcurrentHashMap.newKeySet();
        TaskGroup.run(tg -> {
            MemoryObjectReceiveStream<String> results =
                    Tasks.asCompleted(
                            tg, List.of("a", "b"), 2, s -> after(never, s, cancelled).call());
            Weft.waitAllTasksBlocked();
            results.close();
            tg.cancel();
        });
        assertThat(cancelled).containsExactlyInAnyOrder("a", "b");
    }

    @WeftTest
    void aFailedApplicationFailsTheGroup() {
        Throwable t =
                catchThrowable(() ->
                        TaskGroup.run(tg -> {
                            try (MemoryObjectReceiveStream<Integer> results =
                                    Tasks.asCompleted(
                                            tg,
                                            List.of(1),
                                            1,
                                            i -> {
                                                throw new IOException("no " + i);
                                            })) {
                                for (int r : results) {
                                    throw new AssertionError("no result expected, got " + r);
                                }
                            }
                        }));
        assertThat(t).isInstanceOf(ExceptionGroup.class);
        assertThat(((ExceptionGroup) t).leaves())
                .singleElement(InstanceOfAssertFactories.THROWABLE)
                .hasMessage("no 1");
    }
}
