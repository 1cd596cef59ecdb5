package dev.netservices.chat.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.netservices.chat.ChatApplication;
import dev.netservices.chat.UdpMember;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One chat-service node of a test cluster on free ports: either a Spring context in the test's JVM, or a
 * separate {@code java} process (so that it can be killed with SIGKILL). Reached only through its UDP port and
 * its HTTP API, like a user and an admin would.
 */
final class ChatNode implements AutoCloseable {

    static final String PASSWORD = "test-secret";
    /** The cluster's secret in these tests (at least 32 characters, as a node requires). */
    static final String CLUSTER_SECRET = "test-cluster-secret-0123456789abcdef";

    private final String name;
    private final int udpPort;
    private final int httpPort;
    private final ConfigurableApplicationContext context;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private ChatNode(String name, int udpPort, int httpPort, ConfigurableApplicationContext context, Process process, Path log) {
        this.name = name;
        this.udpPort = udpPort;
        this.httpPort = httpPort;
        this.context = context;
        this.process = process;
        this.log = log;
    }

    private static List<String> arguments(String name, int udpPort, int httpPort, int redisPort, Duration nodeTimeout,
            String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--chat.port=" + udpPort, "--server.port=" + httpPort, "--chat.admin.password=" + PASSWORD,
                "--chat.cluster.enabled=true", "--chat.cluster.node-name=" + name,
                "--chat.cluster.secret=" + CLUSTER_SECRET,
                "--chat.cluster.node-timeout=" + nodeTimeout.toMillis() + "ms", "--spring.data.redis.host=127.0.0.1",
                "--spring.data.redis.port=" + redisPort, "--chat.flood.stranger-burst=100000",
                "--chat.flood.stranger-refill=10us", "--chat.flood.burst=1000", "--chat.flood.refill=1ms",
                "--chat.receivers=2", "--logging.level.root=WARN", "--logging.level.dev.netservices=INFO"));
        for (String setting : extra) {
            // A setting given again replaces the default above (Spring would join two values of one option).
            String option = setting.substring(0, setting.indexOf('=') + 1);
            arguments.removeIf(argument -> argument.startsWith(option));
            arguments.add(setting);
        }
        return arguments;
    }

    /** A node in this JVM; {@code extra}: further command-line settings. */
    static ChatNode inProcess(String name, int redisPort, Duration nodeTimeout, String... extra) throws IOException {
        int udpPort = RedisServer.freePort();
        int httpPort = RedisServer.freePort();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ChatApplication.class)
                .run(arguments(name, udpPort, httpPort, redisPort, nodeTimeout, extra).toArray(String[]::new));
        return new ChatNode(name, udpPort, httpPort, context, null, null);
    }

    /** A node in its own JVM, started from the test's class path; returns once it is ready. */
    static ChatNode separateProcess(String name, int redisPort, Duration nodeTimeout) throws IOException {
        int udpPort = RedisServer.freePort();
        int httpPort = RedisServer.freePort();
        Path log = Files.createTempFile("chat-node-" + name, ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChatApplication.class.getName()));
        command.addAll(arguments(name, udpPort, httpPort, redisPort, nodeTimeout));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChatNode node = new ChatNode(name, udpPort, httpPort, null, process, log);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .ignoreException(java.io.UncheckedIOException.class).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("node " + name + " exited:\n" + Files.readString(log));
            }
            return node.get("/actuator/health/readiness", false).statusCode() == 200;
        });
        return node;
    }

    String name() {
        return name;
    }

    /** True while the {@code cluster} component of the node's health is UP (it reaches Redis). */
    boolean clusterUp() {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(get("/actuator/health", false).body())
                .path("components").path("cluster").path("status").asString().equals("UP");
    }

    int httpPort() {
        return httpPort;
    }

    UdpMember member() {
        return new UdpMember(udpPort);
    }

    HttpResponse<String> get(String path, boolean asAdmin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
        return send(asAdmin ? admin(request) : request);
    }

    HttpResponse<String> broadcast(String text) {
        return send(admin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/chat/broadcast")))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(text, UTF_8)));
    }

    HttpResponse<String> remove(String member) {
        return send(admin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/chat/members/" + member)))
                .DELETE());
    }

    /** The admin API: {@code json} as the body (null: none). */
    HttpResponse<String> admin(String method, String path, String json) {
        return send(admin(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json, UTF_8)));
    }

    private static HttpRequest.Builder admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the node gets no chance to sign off. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
                Files.deleteIfExists(log);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the log stays in the temp folder
            }
        }
    }
}
