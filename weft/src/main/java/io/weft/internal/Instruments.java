package io.weft.internal;

import io.weft.Instrument;
import io.weft.TaskInfo;
import io.weft.internal.diag.WaitSite;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A runtime's installed {@link Instrument}s, and the calls into them.
 *
 * <p>For each kind of callback it keeps an array of the instruments that override it (found by
 * reflection when installed, as Trio skips hooks nobody defined), so a call site with no interested
 * instrument costs a field read and a length check, and a wait is never walked for its {@code
 * waitingIn} unless someone listens. The arrays are copied on write: an instrument that throws is
 * removed from every array under this object's monitor, and callers on other threads see either the
 * old or the new arrays, never a torn state. A runtime with no instrument at all has no {@code
 * Instruments} (its field is null), which is what the hot paths test.
 */
public final class Instruments {
    private static final System.Logger LOG = System.getLogger("io.weft");

    private volatile Instrument[] spawned;
    private volatile Instrument[] scheduled;
    private volatile Instrument[] beforeStep;
    private volatile Instrument[] afterStep;
    private volatile Instrument[] exited;
    private volatile Instrument[] beforeWait;
    private volatile Instrument[] afterWait;

    private Instruments(List<Instrument> all) {
        spawned = overriding(all, "taskSpawned", TaskInfo.class);
        scheduled = overriding(all, "taskScheduled", TaskInfo.class);
        beforeStep = overriding(all, "beforeTaskStep", TaskInfo.class);
        afterStep = overriding(all, "afterTaskStep", TaskInfo.class);
        exited = overriding(all, "taskExited", TaskInfo.class);
        beforeWait = overriding(all, "beforeWait", TaskInfo.class, String.class);
        afterWait = overriding(all, "afterWait", TaskInfo.class, String.class);
    }

    /** The instruments of a runtime that runs with {@code all}, or null if there are none. */
    static Instruments of(List<Instrument> all) {
        return all.isEmpty() ? null : new Instruments(all);
    }

    private static Instrument[] overriding(List<Instrument> all, String name, Class<?>... params) {
        List<Instrument> out = new ArrayList<>();
        for (Instrument i : all) {
            try {
                Method m = i.getClass().getMethod(name, params);
                if (m.getDeclaringClass() != Instrument.class) {
                    out.add(i);
                }
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e); // every instrument has every method
            }
        }
        return out.toArray(new Instrument[0]);
    }

    // ---------------------------------------------------------------- calls

    /** {@code t} was created: taskSpawned, then taskScheduled. On the spawning thread. */
    void spawned(Task t) {
        TaskInfo info = null;
        for (Instrument i : spawned) {
            info = info != null ? info : Secrets.taskInfo(t);
            try {
                i.taskSpawned(info);
            } catch (Throwable e) {
                remove(i, "taskSpawned", e);
            }
        }
        scheduled(t);
    }

    /** {@code t} became ready to run. On any thread. */
    void scheduled(Task t) {
        Instrument[] is = scheduled;
        if (is.length == 0) {
            return;
        }
        TaskInfo info = Secrets.taskInfo(t);
        for (Instrument i : is) {
            try {
                i.taskScheduled(info);
            } catch (Throwable e) {
                remove(i, "taskScheduled", e);
            }
        }
    }

    /** SERIAL: {@code t} starts a step. On its thread. */
    void beforeStep(Task t) {
        Instrument[] is = beforeStep;
        if (is.length == 0) {
            return;
        }
        TaskInfo info = Secrets.taskInfo(t);
        for (Instrument i : is) {
            try {
                i.beforeTaskStep(info);
            } catch (Throwable e) {
                remove(i, "beforeTaskStep", e);
            }
        }
    }

    /** SERIAL: {@code t} ends a step. On its thread. */
    void afterStep(Task t) {
        Instrument[] is = afterStep;
        if (is.length == 0) {
            return;
        }
        TaskInfo info = Secrets.taskInfo(t);
        for (Instrument i : is) {
            try {
                i.afterTaskStep(info);
            } catch (Throwable e) {
                remove(i, "afterTaskStep", e);
            }
        }
    }

    /** {@code t} has ended. On its thread. */
    void exited(Task t) {
        Instrument[] is = exited;
        if (is.length == 0) {
            return;
        }
        TaskInfo info = Secrets.taskInfo(t);
        for (Instrument i : is) {
            try {
                i.taskExited(info);
            } catch (Throwable e) {
                remove(i, "taskExited", e);
            }
        }
    }

    /**
     * {@code t} is about to wait. Returns where, for {@link #afterWait}, or null if nobody listens
     * to waits (then afterWait is skipped too). On its thread.
     */
    String beforeWait(Task t) {
        if (beforeWait.length == 0 && afterWait.length == 0) {
            return null;
        }
        String in = WaitSite.ofCurrentThread().waitingIn();
        String where = in != null ? in : "?";
        Instrument[] is = beforeWait;
        if (is.length > 0) {
            TaskInfo info = Secrets.taskInfo(t);
            for (Instrument i : is) {
                try {
                    i.beforeWait(info, where);
                } catch (Throwable e) {
                    remove(i, "beforeWait", e);
                }
            }
        }
        return where;
    }

    /** {@code t}'s wait at {@code where} (from {@link #beforeWait}) ended. On its thread. */
    void afterWait(Task t, String where) {
        Instrument[] is = afterWait;
        if (is.length == 0) {
            return;
        }
        TaskInfo info = Secrets.taskInfo(t);
        for (Instrument i : is) {
            try {
                i.afterWait(info, where);
            } catch (Throwable e) {
                remove(i, "afterWait", e);
            }
        }
    }

    // ---------------------------------------------------------------- removal

    private synchronized void remove(Instrument bad, String callback, Throwable error) {
        boolean was = contains(spawned, bad) || contains(scheduled, bad) || contains(exited, bad);
        was |= contains(beforeStep, bad) || contains(afterStep, bad);
        was |= contains(beforeWait, bad) || contains(afterWait, bad);
        spawned = without(spawned, bad);
        scheduled = without(scheduled, bad);
        beforeStep = without(beforeStep, bad);
        afterStep = without(afterStep, bad);
        exited = without(exited, bad);
        beforeWait = without(beforeWait, bad);
        afterWait = without(afterWait, bad);
        if (was) { // another thread may have removed it for its own failure meanwhile: log once
            LOG.log(
                    System.Logger.Level.WARNING,
                    "Weft instrument "
                            + bad
                            + " threw from "
                            + callback
                            + " and was removed; it gets no further callbacks",
                    error);
        }
    }

    private static boolean contains(Instrument[] is, Instrument i) {
        for (Instrument x : is) {
            if (x == i) {
                return true;
            }
        }
        return false;
    }

    private static Instrument[] without(Instrument[] is, Instrument bad) {
        return Arrays.stream(is).filter(i -> i != bad).toArray(Instrument[]::new);
    }
}
