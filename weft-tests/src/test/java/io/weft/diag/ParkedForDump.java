package io.weft.diag;

import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.internal.diag.DiagnosticsMBean;
import io.weft.sync.Event;
import io.weft.thread.ToThread;

/**
 * A program for {@link WeftDumpScriptTest}: parks a task named 'dump-me', prints {@code READY} and
 * its pid, and ends when its standard input closes.
 */
public final class ParkedForDump {
    private ParkedForDump() {}

    public static void main(String[] args) {
        Event never = new Event();
        Weft.run(() ->
                TaskGroup.run(tg -> {
                    tg.startSoon("dump-me", never::await);
                    Weft.waitAllTasksBlocked();
                    ToThread.runSync(DiagnosticsMBean::awaitRegistration); // not racing it
                    System.out.println("READY " + ProcessHandle.current().pid());
                    System.out.flush();
                    ToThread.runSync(
                            () -> System.in.transferTo(java.io.OutputStream.nullOutputStream()));
                    tg.cancel();
                }));
    }
}
