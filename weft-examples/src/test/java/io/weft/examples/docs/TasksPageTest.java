package io.weft.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The samples of docs/tasks.md ({@link TasksPage}) do what the page says, on every backend. */
class TasksPageTest {

    @Test
    void aRuntimeReturnsItsBodysValue() throws Throwable {
        assertThat(SystemOut.of(TasksPage::runningARuntime))
                .containsExactly("serving in server", "answer: 42");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theGroupWaitsForItsFiveTasks(Backend backend) throws Throwable {
        var lines = SystemOut.inVirtualTime(backend, TasksPage::taskGroups);
        assertThat(lines).hasSize(11).endsWith("All tasks finished!");
        for (int n = 0; n < 5; n++) {
            assertThat(lines.indexOf("Task " + n + " running"))
                    .isLessThan(lines.indexOf("Task " + n + " finished"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void startReturnsThePortOfABoundListener(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, TasksPage::start)).containsExactly("hello");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHandleWaitsForOneTaskAndCancelsAnother(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, TasksPage::taskHandles))
                .containsExactly("page /index.html");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aStartedTaskGivesItsPortAndThenItsResult(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, TasksPage::startForResult))
                .containsExactly("8 bytes");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void executorSubmissionsAreTasksOfTheGroup(Backend backend) throws Throwable {
        var lines =
                SystemOut.inRuntime(
                        backend, () -> TasksPage.asExecutor(new TasksPage.LegacyLibrary()));
        assertThat(lines).hasSize(2).contains("100 200");
        assertThat(lines).anyMatch(l -> l.startsWith("legacy job in "));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theBadInputIsHandledByItsType(Backend backend) throws Throwable {
        assertThat(SystemOut.inRuntime(backend, TasksPage::exceptionGroups))
                .containsExactly(
                        "bad input: [java.lang.NumberFormatException: For input string: \"twelve\"]");
    }
}
