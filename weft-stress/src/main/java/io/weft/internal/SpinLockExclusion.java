package io.weft.internal;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * {@link SpinLock}, the lock of a memory object stream: two threads each run one section that reads
 * two plain fields and then writes both. The sections are mutually exclusive and ordered: one of
 * them sees neither write of the other, the other sees both, and no update is lost.
 *
 * <p>Results: what the first actor read ({@code x}, {@code y}), what the second read, and then the
 * arbiter's {@code x * 10 + y}.
 */
@JCStressTest
@Outcome(
        id = "0, 0, 1, 22",
        expect = ACCEPTABLE,
        desc = "the first actor's section ran first; the second saw both its writes")
@Outcome(
        id = "1, 1, 0, 22",
        expect = ACCEPTABLE,
        desc = "the second actor's section ran first; the first saw both its writes")
@Outcome(
        expect = FORBIDDEN,
        desc = "the sections overlapped, a write was lost, or one section saw half of the other's")
@State
public class SpinLockExclusion extends SpinLock {
    private int x;
    private int y;

    /** A section that reads both fields and increments both. */
    @Actor
    public void first(IIII_Result r) {
        lock();
        try {
            r.r1 = x;
            r.r2 = y;
            x++;
            y++;
        } finally {
            unlock();
        }
    }

    /**
     * The same section, but recording only one read (so that the result names which ran first) and
     * the second field's read folded into the check: it must equal the first field's.
     */
    @Actor
    public void second(IIII_Result r) {
        lock();
        try {
            int sx = x;
            int sy = y;
            r.r3 = sx == sy ? sx : -1;
            x++;
            y++;
        } finally {
            unlock();
        }
    }

    /** Both updates arrived: {@code x} and {@code y} are 2. */
    @Arbiter
    public void after(IIII_Result r) {
        r.r4 = x * 10 + y;
    }
}
