package io.weft.thread;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.RuntimeToken;
import io.weft.Weft;
import io.weft.sync.Event;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** BlockingPortalProvider: one shared portal while leases are open, a fresh one afterwards. */
class BlockingPortalProviderTest {

    private static BlockingPortalProvider provider(Backend backend) {
        return new BlockingPortalProvider(
                RunOptions.defaults().backend(backend), "weft-provider-test");
    }

    // AnyIO: test_to_thread.py::TestBlockingPortalProvider::test_single_thread
    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachLeaseAfterTheLastClosedStartsANewRuntime(Backend backend) {
        BlockingPortalProvider provider = provider(backend);
        Set<RuntimeToken> runtimes = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 3; i++) {
            try (var lease = provider.acquire()) {
                runtimes.add(
                        lease.portal()
                                .call(() -> {
                                    assertThat(Weft.currentBackend()).isEqualTo(backend);
                                    return Weft.currentToken();
                                }));
            }
        }
        assertThat(runtimes).hasSize(3).allSatisfy(t -> assertThat(t.hasEnded()).isTrue());
        assertThat(provider.leases()).isZero();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("weft-provider-test"));
    }

    // AnyIO: test_single_thread_overlapping
    @ParameterizedTest
    @EnumSource(Backend.class)
    void overlappingLeasesShareOnePortal(Backend backend) {
        BlockingPortalProvider provider = provider(backend);
        BlockingPortalProvider.Lease lease1 = provider.acquire();
        RuntimeToken inner;
        try (var lease2 = provider.acquire()) {
            assertThat(lease2.portal()).isSameAs(lease1.portal());
            assertThat(provider.leases()).isEqualTo(2);
            inner = lease2.portal().call(Weft::currentToken);
        }
        assertThat(lease1.portal().isRunning()).isTrue();
        assertThat(lease1.portal().call(Weft::currentToken)).isEqualTo(inner);
        lease1.close();
        lease1.close(); // idempotent: counted once
        assertThat(provider.leases()).isZero();
        assertThat(inner.hasEnded()).isTrue();
    }

    // AnyIO: test_multiple_threads
    @ParameterizedTest
    @EnumSource(Backend.class)
    void threadsWithOverlappingLeasesShareOneRuntime(Backend backend) throws Exception {
        BlockingPortalProvider provider = provider(backend);
        Set<RuntimeToken> runtimes = ConcurrentHashMap.newKeySet();
        Event event = new Event();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (var lease = provider.acquire()) {
            Future<?>[] done = new Future<?>[3];
            Event[] waiting = {new Event(), new Event(), new Event()};
            for (int i = 0; i < 3; i++) {
                Event mineWaiting = waiting[i];
                done[i] =
                        pool.submit(() -> {
                            try (var mine = provider.acquire()) {
                                mine.portal()
                                        .call(() -> {
                                            mineWaiting.set();
                                            event.await();
                                            return runtimes.add(Weft.currentToken());
                                        });
                            }
                        });
            }
            lease.portal()
                    .call(() -> {
                        for (Event w : waiting) {
                            w.await(); // all three calls run in the portal at once
                        }
                        event.set();
                        return null;
                    });
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(runtimes).hasSize(1);
    }
}
