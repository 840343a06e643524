package io.weft.internal.diag;

import io.weft.internal.diag.TaskTree.ScopeNode;
import io.weft.internal.diag.TaskTree.TaskNode;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The JSON form of {@link TaskTree}s, for tools: written by hand (Weft has no dependencies), with
 * strings escaped as RFC 8259 requires.
 *
 * <pre>{@code
 * {"runtimes": [{"id": 3, "backend": "VIRTUAL", "clockNanos": 12503000000, "taskCount": 2,
 *   "tasks": [{"id": 1, "name": "main", "state": "RUNNING", "waitingIn": null,
 *     "waitingOnClass": null, "waitingOn": null, "waitingForNanos": null, "calledFrom": null,
 *     "scopes": [{"kind": "task", "deadlineNanos": null, "shield": false, "cancelled": false,
 *       "reason": null, "canceller": null, "tasks": []}, ...],
 *     "stack": []}]}]}
 * }</pre>
 *
 * A scope's {@code deadlineNanos} is on the runtime's clock (compare it with {@code clockNanos}),
 * null for none; a parked task's {@code waitingForNanos} is real time (to about a millisecond),
 * null while it spins before parking or when it is not parked; {@code waitingOnClass} and {@code
 * waitingOn} are the simple class name and the {@code toString()} of what it waits on, null for a
 * wait that names nothing. A task's {@code stack} lists frames innermost first, and is empty unless
 * stacks were asked for. The output is one line.
 */
public final class TaskTreeJson {
    private TaskTreeJson() {}

    /** The JSON of {@code trees}: an object whose {@code runtimes} member lists them. */
    public static String render(List<TaskTree> trees) {
        StringBuilder sb = new StringBuilder("{\"runtimes\": ");
        array(trees, TaskTreeJson::tree, sb);
        return sb.append('}').toString();
    }

    private static void tree(TaskTree t, StringBuilder sb) {
        sb.append("{\"id\": ").append(t.runtimeId());
        sb.append(", \"backend\": ");
        string(t.backend(), sb);
        sb.append(", \"clockNanos\": ").append(t.now());
        sb.append(", \"taskCount\": ").append(t.taskCount());
        sb.append(", \"tasks\": ");
        array(t.tasks(), TaskTreeJson::task, sb);
        sb.append('}');
    }

    /** {@code items} as a JSON array, each written by {@code item}. */
    private static <T> void array(
            List<T> items, BiConsumer<T, StringBuilder> item, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            item.accept(items.get(i), sb);
        }
        sb.append(']');
    }

    private static void task(TaskNode t, StringBuilder sb) {
        sb.append("{\"id\": ").append(t.id());
        sb.append(", \"name\": ");
        string(t.name(), sb);
        sb.append(", \"state\": ");
        string(t.state(), sb);
        sb.append(", \"waitingIn\": ");
        string(t.waitingIn(), sb);
        sb.append(", \"waitingOnClass\": ");
        string(t.waitingOnClass(), sb);
        sb.append(", \"waitingOn\": ");
        string(t.waitingOn(), sb);
        sb.append(", \"waitingForNanos\": ")
                .append(t.waitingForNanos() < 0 ? "null" : Long.toString(t.waitingForNanos()));
        sb.append(", \"calledFrom\": ");
        string(t.calledFrom(), sb);
        sb.append(", \"scopes\": ");
        array(t.scopes(), TaskTreeJson::scope, sb);
        sb.append(", \"stack\": ");
        array(t.stack(), (e, out) -> string(e.toString(), out), sb);
        sb.append('}');
    }

    private static void scope(ScopeNode s, StringBuilder sb) {
        sb.append("{\"kind\": ");
        string(s.kind(), sb);
        sb.append(", \"deadlineNanos\": ")
                .append(s.deadline() == Long.MAX_VALUE ? "null" : Long.toString(s.deadline()));
        sb.append(", \"shield\": ").append(s.shield());
        sb.append(", \"cancelled\": ").append(s.cancelled());
        sb.append(", \"reason\": ");
        string(s.reason(), sb);
        sb.append(", \"canceller\": ");
        string(s.canceller(), sb);
        sb.append(", \"tasks\": ");
        array(s.tasks(), TaskTreeJson::task, sb);
        sb.append('}');
    }

    /** {@code s} as a JSON string (null as {@code null}), escaped as RFC 8259 requires. */
    static void string(String s, StringBuilder sb) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
