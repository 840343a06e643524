package io.weft.internal.diag;

import io.weft.internal.GroupScope;
import io.weft.internal.Scope;
import io.weft.internal.Task;
import io.weft.internal.WeftRuntime;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of one runtime's task tree, for the dumps of {@code Weft.dumpTaskTree()} and {@code
 * WeftDiagnostics}: the runtime's top-level tasks (the root task and the system tasks that run
 * calls from outside), each with the chain of scopes it has entered, each task group's scope with
 * the tasks in it, and so on down.
 *
 * <p>The snapshot is taken while the tasks run: each field is read once, without stopping anything,
 * so a task that ends or enters a scope meanwhile may appear in its old or new place, or not at
 * all, but each node is one task's or scope's own state at some instant. Nothing is held locked
 * except each group's child list for the copy of it.
 *
 * @param runtimeId the runtime's id (unique in the JVM)
 * @param backend the runtime's backend
 * @param now the runtime's clock when the snapshot was taken, in nanoseconds
 * @param tasks the top-level tasks
 */
public record TaskTree(long runtimeId, String backend, long now, List<TaskNode> tasks) {

    /**
     * One task.
     *
     * @param id the task's id
     * @param name the task's name
     * @param state {@code NEW}, {@code RUNNING}, {@code PARKED} (in a Weft wait), {@code
     *     NO_INTERRUPT} or {@code DONE}
     * @param waitingIn for a parked task, the Weft method it waits in ({@code
     *     io.weft.sync.Event.await}), else null
     * @param waitingOnClass for a parked task, the simple name of the class of the object it waits
     *     on ({@code Event}), else null; null too for a wait that names none (a sleep)
     * @param waitingOn that object's {@code toString()} (see {@link WaitTarget#string}), or null
     * @param waitingForNanos for a parked task, for how long it has been parked in this wait (real
     *     time, to about a millisecond), else -1; -1 too while it spins before parking
     * @param calledFrom for a parked task, the first frame below {@code waitingIn} that is neither
     *     Weft's nor the JDK's (the caller's code), else null
     * @param scopes the scopes the task has entered, outermost (its own root scope) first
     * @param stack the task's stack, outermost frame last; empty unless asked for
     */
    public record TaskNode(
            long id,
            String name,
            String state,
            String waitingIn,
            String waitingOnClass,
            String waitingOn,
            long waitingForNanos,
            String calledFrom,
            List<ScopeNode> scopes,
            List<StackTraceElement> stack) {}

    /**
     * One scope on a task's chain.
     *
     * @param kind {@code "task"} (the task's own root scope), {@code "cancelScope"} or {@code
     *     "taskGroup"}
     * @param deadline the deadline on the runtime clock, {@code Long.MAX_VALUE} for none
     * @param shield whether the scope is shielded
     * @param cancelled whether the scope has been cancelled (by a call or its deadline)
     * @param reason the reason given to the cancel, or null
     * @param canceller who cancelled it ({@code task 'name'} or {@code thread 'name'}), or null
     * @param tasks for a task group, the tasks in it that have not ended; else empty
     */
    public record ScopeNode(
            String kind,
            long deadline,
            boolean shield,
            boolean cancelled,
            String reason,
            String canceller,
            List<TaskNode> tasks) {}

    /** A snapshot of {@code rt}'s tree; with {@code withStacks}, every task's stack too. */
    public static TaskTree of(WeftRuntime rt, boolean withStacks) {
        List<TaskNode> top = new ArrayList<>();
        for (Task t : rt.topLevelTasks()) {
            if (!"DONE".equals(t.stateName())) {
                top.add(task(t, withStacks));
            }
        }
        return new TaskTree(rt.id, rt.backend.name(), rt.now(), List.copyOf(top));
    }

    /** Snapshots of every runtime of this JVM whose run has started and not ended, by id. */
    public static List<TaskTree> ofAll(boolean withStacks) {
        List<TaskTree> all = new ArrayList<>();
        for (WeftRuntime rt : WeftRuntime.live()) {
            all.add(of(rt, withStacks));
        }
        return all;
    }

    /** The number of tasks in the tree. */
    public int taskCount() {
        return count(tasks);
    }

    private static int count(List<TaskNode> nodes) {
        int n = nodes.size();
        for (TaskNode t : nodes) {
            for (ScopeNode s : t.scopes()) {
                n += count(s.tasks());
            }
        }
        return n;
    }

    private static TaskNode task(Task t, boolean withStacks) {
        String state = t.stateName();
        boolean parked = state.equals("PARKED"); // one read of the mode: the node agrees with it
        // Read next to the mode: the longer after it, the likelier they belong to a later wait.
        Object on = parked ? t.waitTarget() : null;
        long waitingFor = parked ? t.parkedNanos() : -1;
        StackTraceElement[] stack = new StackTraceElement[0];
        Thread th = t.thread();
        if (th != null && (withStacks || parked)) {
            stack = th.getStackTrace();
        }
        WaitSite site = parked ? WaitSite.of(stack) : new WaitSite(null, null);
        List<ScopeNode> scopes = new ArrayList<>();
        for (Scope s = t.root; s != null; s = s.innerScope()) {
            scopes.add(scope(s, withStacks));
        }
        return new TaskNode(
                t.id,
                t.name(),
                state,
                site.waitingIn(),
                WaitTarget.className(on),
                WaitTarget.string(on),
                waitingFor,
                site.calledFrom(),
                List.copyOf(scopes),
                withStacks ? List.of(stack) : List.of());
    }

    private static ScopeNode scope(Scope s, boolean withStacks) {
        String kind;
        List<TaskNode> tasks = List.of();
        if (s instanceof GroupScope g) {
            kind = "taskGroup";
            List<TaskNode> children = new ArrayList<>();
            for (Task c : g.childrenSnapshot()) {
                children.add(task(c, withStacks));
            }
            tasks = List.copyOf(children);
        } else {
            kind = s.isTaskRoot() ? "task" : "cancelScope";
        }
        boolean cancelled = s.cancelCalled();
        return new ScopeNode(
                kind,
                s.deadline(),
                s.isShielded(),
                cancelled,
                s.cancelReason(),
                s.cancellerName(),
                tasks);
    }
}
