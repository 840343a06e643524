package io.weft.internal.diag;

import io.weft.internal.diag.TaskTree.ScopeNode;
import io.weft.internal.diag.TaskTree.TaskNode;
import java.util.List;
import java.util.Locale;

/**
 * The text form of {@link TaskTree}s: one line per runtime, task and scope, nested by indentation
 * (two spaces a level), for people reading a dump.
 *
 * <pre>
 * Weft runtime 3 (VIRTUAL), clock 12.503 s, 4 tasks
 *   task 1 'main' PARKED in io.weft.TaskGroup.run on TaskGroup[2 unfinished] for 12.401 s
 *     task group
 *       task 2 'worker' PARKED in io.weft.sync.Event.await on Event[unset, waiting=1] for 12.398 s,
 *           called from Demo.work(Demo.java:12)
 *       task 3 'ticker' PARKED in io.weft.Weft.sleep for 0.502 s, called from Demo.tick(Demo.java:20)
 *         cancel scope: deadline in 1.500 s, shielded
 * </pre>
 *
 * (task 2's line broken here). A parked task's line says what it waits on (the class's simple name
 * and the object's {@code toString()}, see {@link WaitTarget#text}) and for how long (real time, to
 * about a millisecond; left out while the task spins before parking). A task's own root scope
 * appears only when it says something (cancelled through the task's handle, or shielded), on the
 * task's line.
 */
public final class TaskTreeText {
    private TaskTreeText() {}

    /** The text of {@code trees}, one block per runtime; a line saying so if there are none. */
    public static String render(List<TaskTree> trees) {
        if (trees.isEmpty()) {
            return "no Weft runtime is running\n";
        }
        StringBuilder sb = new StringBuilder();
        for (TaskTree t : trees) {
            render(t, sb);
        }
        return sb.toString();
    }

    /** The text of one tree. */
    public static String render(TaskTree tree) {
        StringBuilder sb = new StringBuilder();
        render(tree, sb);
        return sb.toString();
    }

    private static void render(TaskTree tree, StringBuilder sb) {
        int n = tree.taskCount();
        sb.append("Weft runtime ")
                .append(tree.runtimeId())
                .append(" (")
                .append(tree.backend())
                .append("), clock ")
                .append(seconds(tree.now()))
                .append(", ")
                .append(n)
                .append(n == 1 ? " task\n" : " tasks\n");
        for (TaskNode t : tree.tasks()) {
            task(t, 1, tree.now(), sb);
        }
    }

    private static void task(TaskNode t, int level, long now, StringBuilder sb) {
        indent(level, sb)
                .append("task ")
                .append(t.id())
                .append(" '")
                .append(t.name())
                .append("' ")
                .append(t.state());
        if (t.waitingIn() != null) {
            sb.append(" in ").append(t.waitingIn());
        }
        if (t.waitingOn() != null) {
            sb.append(" on ").append(WaitTarget.text(t.waitingOnClass(), t.waitingOn()));
        }
        if (t.waitingForNanos() >= 0) {
            sb.append(" for ").append(seconds(t.waitingForNanos()));
        }
        if (t.calledFrom() != null) {
            sb.append(", called from ").append(t.calledFrom());
        }
        List<ScopeNode> scopes = t.scopes();
        if (!scopes.isEmpty()) {
            String own = describe(scopes.get(0), now);
            if (!own.isEmpty()) {
                sb.append(" (").append(own).append(')');
            }
        }
        sb.append('\n');
        for (StackTraceElement e : t.stack()) {
            indent(level + 2, sb).append("at ").append(e).append('\n');
        }
        int depth = level + 1;
        for (int i = 1; i < scopes.size(); i++, depth++) {
            ScopeNode s = scopes.get(i);
            String d = describe(s, now);
            indent(depth, sb).append(s.kind().equals("taskGroup") ? "task group" : "cancel scope");
            sb.append(d.isEmpty() ? "\n" : ": " + d + "\n");
            for (TaskNode c : s.tasks()) {
                task(c, depth + 1, now, sb);
            }
        }
    }

    /** What is worth saying about a scope: deadline, shield, cancellation; empty if nothing. */
    private static String describe(ScopeNode s, long now) {
        StringBuilder d = new StringBuilder();
        if (s.deadline() != Long.MAX_VALUE) {
            long left = s.deadline() - now;
            d.append(
                    left > 0
                            ? "deadline in " + seconds(left)
                            : "deadline passed " + seconds(-left) + " ago");
        }
        if (s.shield()) {
            d.append(d.isEmpty() ? "" : ", ").append("shielded");
        }
        if (s.cancelled()) {
            d.append(d.isEmpty() ? "" : ", ").append("cancelled");
            if (s.reason() != null) {
                d.append(" (reason: ").append(s.reason());
                d.append(s.canceller() != null ? "; by " + s.canceller() + ")" : ")");
            } else if (s.canceller() != null) {
                d.append(" by ").append(s.canceller());
            }
        }
        return d.toString();
    }

    private static StringBuilder indent(int level, StringBuilder sb) {
        return sb.repeat("  ", level);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }
}
