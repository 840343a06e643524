package io.weft.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.Backend;
import io.weft.RunOptions;
import io.weft.TaskGroup;
import io.weft.Weft;
import io.weft.net.Net;
import io.weft.net.SocketListener;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * S15 Starting a service: {@code start} returns once the listener is bound, so the host's connect
 * cannot race it; a bind failure reaches the caller of {@code start}; a service that never reports
 * readiness makes {@code start} fail.
 */
class StartingAServiceTest {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theHostTalksToTheServiceAsSoonAsStartReturns(Backend backend) {
        List<String> lines = Output.of(StartingAService::run, backend);
        assertThat(lines).containsExactly("Service started", "Received: HELLO", "Service stopped");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBindFailureReachesTheCallerOfStartAndNotTheGroup(Backend backend) throws Exception {
        AtomicReference<String> after = new AtomicReference<>();
        Weft.run(
                RunOptions.defaults().backend(backend),
                () -> {
                    try (SocketListener taken = Net.createTcpListener("127.0.0.1", 0)) {
                        int port = taken.localAddress().getPort();
                        TaskGroup.run(tg -> {
                            assertThatThrownBy(() ->
                                            tg.<Integer>start(status ->
                                                    StartingAService.service(port, status)))
                                    .isInstanceOf(BindException.class);
                            // The group is not failed: it still runs what it is given.
                            tg.startSoon(() -> after.set("the group goes on"));
                        });
                    }
                });
        assertThat(after.get()).isEqualTo("the group goes on");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aServiceThatNeverReportsReadinessMakesStartFail(Backend backend) throws Exception {
        Weft.run(
                RunOptions.defaults().backend(backend),
                () ->
                        TaskGroup.run(tg ->
                                assertThatThrownBy(() ->
                                                tg.start(
                                                        "service",
                                                        status -> {
                                                            try (SocketListener l =
                                                                    Net.createTcpListener(
                                                                            "127.0.0.1", 0)) {
                                                                l.localAddress(); // forgot
                                                                // started()
                                                            }
                                                        }))
                                        .isInstanceOf(IllegalStateException.class)
                                        .hasMessageContaining(
                                                "'service' exited without calling"
                                                        + " TaskStatus.started()")));
    }
}
