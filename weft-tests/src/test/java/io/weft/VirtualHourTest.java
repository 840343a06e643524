package io.weft;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.junit.WeftTest;
import io.weft.sync.Event;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Acceptance: an hour of virtual time on SERIAL with an autojumping clock takes no real time. */
class VirtualHourTest {

    @WeftTest(backends = Backend.SERIAL, clock = WeftTest.Clock.AUTOJUMP)
    void tasksSleepingAnHourInTotalFinishInWellUnderTenSeconds() {
        long realStart = System.nanoTime();
        int relay = 4;
        int steps = 900; // 900 one-second sleeps each: 15 minutes per task, an hour in all
        AtomicLong slept = new AtomicLong();
        Event[] done = new Event[relay + 1];
        for (int i = 0; i <= relay; i++) {
            done[i] = new Event();
        }
        done[0].set();
        TaskGroup.run(tg -> {
            for (int i = 0; i < relay; i++) {
                int me = i;
                tg.startSoon(() -> {
                    done[me].await(); // a relay: one task sleeps at a time
                    for (int s = 0; s < steps; s++) {
                        long before = Weft.now();
                        Weft.sleep(Duration.ofSeconds(1));
                        slept.addAndGet(Weft.now() - before);
                    }
                    done[me + 1].set();
                });
            }
        });
        assertThat(slept.get()).isEqualTo(Duration.ofHours(1).toNanos());
        assertThat(Weft.now()).isEqualTo(Duration.ofHours(1).toNanos());
        // The only real-time assertion: a generous bound.
        assertThat(Duration.ofNanos(System.nanoTime() - realStart))
                .isLessThan(Duration.ofSeconds(10));
    }
}
