package dev.netservices.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The lifecycle and health pieces, proven with a real TCP server inside a real Spring context. */
class ProtocolServerLifecycleTest {

    private ConfigurableApplicationContext context;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EchoApplication {
        @Bean
        LineEchoServer echoServer(@Value("${echo.port}") int port) {
            return new LineEchoServer(port);
        }
    }

    private ConfigurableApplicationContext start(String... properties) {
        context = new SpringApplicationBuilder(EchoApplication.class)
                .web(WebApplicationType.NONE)
                .properties("echo.port=0", "spring.main.banner-mode=off",
                        "management.endpoint.health.probes.enabled=true",
                        "management.endpoint.health.group.readiness.include=readinessState,protocol")
                .properties(properties)
                .run();
        return context;
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private LineEchoServer server() {
        return context.getBean(LineEchoServer.class);
    }

    private Health health() {
        CompositeHealthContributor protocol = context.getBean("protocolHealthContributor", CompositeHealthContributor.class);
        return ((HealthIndicator) protocol.getContributor("echo")).health();
    }

    private static String exchange(Socket socket, String line) throws IOException {
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out.print(line + "\r\n");
        out.flush();
        return in.readLine();
    }

    @Test
    void portZeroBindsAnEphemeralPortThatServesAtOnce() throws IOException {
        start();
        int port = server().port();
        assertThat(port).isPositive();
        try (Socket socket = new Socket("localhost", port)) {
            assertThat(exchange(socket, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void healthIsUpWithPortAndLiveSessionsWhileServingAndDownOnceStopped() throws Exception {
        start();
        try (Socket socket = new Socket("localhost", server().port())) {
            exchange(socket, "keep me open");
            Health up = health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("port", server().port())
                    .containsEntry("transport", "tcp")
                    .containsEntry("sessions", 1);
        }
        context.getBean(ProtocolServerLifecycle.class).stop();
        assertThat(health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void theProtocolContributorBelongsToTheReadinessGroupOnly() {
        start();
        HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
        assertThat(groups.get("readiness").isMember("protocol")).isTrue();
        assertThat(groups.get("liveness").isMember("protocol")).isFalse();
    }

    @Test
    void aTakenPortFailsStartUpWithAReadableMessage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> start("echo.port=" + taken.getLocalPort()))
                    .rootCause().isInstanceOf(java.net.BindException.class);
            Throwable failure = catchStartFailure("echo.port=" + taken.getLocalPort());
            ProtocolPortInUseException inUse = findCause(failure, ProtocolPortInUseException.class);
            assertThat(inUse.getMessage())
                    .isEqualTo("The echo server could not listen on tcp port " + taken.getLocalPort() + ": it is already in use");
            FailureAnalysis analysis = new ProtocolPortInUseFailureAnalyzer().analyze(failure);
            assertThat(analysis.getAction()).contains("echo.port").contains(String.valueOf(taken.getLocalPort()));
        }
    }

    private Throwable catchStartFailure(String... properties) {
        try {
            start(properties);
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("start-up should have failed");
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    @Test
    void shutdownRefusesNewConnectionsButLetsWorkInFlightFinish() throws Exception {
        start("spring.lifecycle.timeout-per-shutdown-phase=10s");
        LineEchoServer server = server();
        int port = server.port();
        try (Socket socket = new Socket("localhost", port)) {
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return exchange(socket, "SLOW 700");
                } catch (IOException e) {
                    return "failed: " + e;
                }
            });
            await().until(() -> server.busySessions() == 1);

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::close);
            await().atMost(Duration.ofSeconds(20)).until(() -> !server.isServing());
            assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(IOException.class);

            assertThat(slow.get(5, TimeUnit.SECONDS)).isEqualTo("DONE");
            assertThat(socket.getInputStream().read()).as("the session ends once its work is done").isEqualTo(-1);
            stopping.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void idleSessionsDoNotHoldUpShutdown() throws Exception {
        // No wall-clock limit on the close itself: with a shutdown phase of an hour, a close that waited for
        // the idle session would take the hour; one that ends it at once is done long before the test's bound.
        start("spring.lifecycle.timeout-per-shutdown-phase=1h");
        try (Socket socket = new Socket("localhost", server().port())) {
            exchange(socket, "then sit idle");
            CompletableFuture.runAsync(context::close).get(2, TimeUnit.MINUTES);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void workThatOutlivesTheShutdownTimeoutIsCutOff() throws Exception {
        start("spring.lifecycle.timeout-per-shutdown-phase=300ms");
        try (Socket socket = new Socket("localhost", server().port())) {
            PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            // work of an hour against a phase of 300 ms: a close that waited for it would take the hour
            out.print("SLOW 3600000\n");
            out.flush();
            LineEchoServer server = server();
            await().until(() -> server.busySessions() == 1);

            CompletableFuture.runAsync(context::close).get(2, TimeUnit.MINUTES);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }
}
