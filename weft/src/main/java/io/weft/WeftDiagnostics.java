package io.weft;

import io.weft.internal.diag.TaskTree;
import io.weft.internal.diag.TaskTreeJson;
import io.weft.internal.diag.TaskTreeText;

/**
 * Dumps of every Weft runtime running in this JVM, callable from any thread: for a program that
 * hangs, a watchdog of your own, or a support endpoint.
 *
 * <pre>{@code
 * System.err.print(WeftDiagnostics.dumpAll(true)); // every runtime's task tree, with stacks
 * }</pre>
 *
 * <p>Each runtime's tree is the one {@link Weft#dumpTaskTree(boolean)} shows: its tasks nested in
 * the task groups that own them, each task's state (for a parked one, the Weft method it waits in,
 * the object it waits on, for how long, and where it was called from) and the cancel scopes it has
 * entered. The text and JSON forms are described in {@code docs/observability.md}. Dumps are
 * snapshots taken while the tasks run: nothing is stopped, so a task that ends or moves meanwhile
 * may be shown in its old or new place, or not at all. Runtimes are listed by id; one whose run has
 * ended is not listed.
 */
public final class WeftDiagnostics {
    private WeftDiagnostics() {}

    /** Every running runtime's task tree as text, without stacks. */
    public static String dumpAll() {
        return dumpAll(false);
    }

    /**
     * Every running runtime's task tree as text; with {@code withStacks}, each task's stack under
     * it (a dump of many tasks then gets long).
     */
    public static String dumpAll(boolean withStacks) {
        return TaskTreeText.render(TaskTree.ofAll(withStacks));
    }

    /** Every running runtime's task tree as JSON, without stacks. */
    public static String dumpAllAsJson() {
        return dumpAllAsJson(false);
    }

    /** Every running runtime's task tree as JSON; with {@code withStacks}, each task's stack. */
    public static String dumpAllAsJson(boolean withStacks) {
        return TaskTreeJson.render(TaskTree.ofAll(withStacks));
    }
}
