package dev.netservices.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.netservices.e2e.ReplicasBehindHaproxy.Server;

import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml's profile {@code scale} on a real Docker Engine: three web-service replicas behind the real
 * HAProxy, reached the way users reach it, on its published port of 127.0.0.1. Which replica served a request is
 * read from the replicas' own access logs (each request carries a unique query string), the state HAProxy keeps of
 * them from its stats page. The tests run in order on one stack; the last one kills a replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebReplicasBehindHaproxyTest {

    private static final int REPLICAS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The combined access log line's address and request target: {@code 10.0.0.1 - - [...] "GET /?x HTTP/1.1" ...}. */
    private static final Pattern ACCESS = Pattern.compile("^(\\S+) - - \\[[^]]+] \"GET (\\S+) HTTP/1\\.[01]\"");

    private static ReplicasBehindHaproxy scale;

    @BeforeAll
    static void upWithBuild() throws Exception {
        scale = ReplicasBehindHaproxy.prepare("netservices-scale-", DockerComposeStack::prepareScale, "web-replica",
                "WEB_SCALE_STATS_PORT");
        // HAProxy and what it depends on, the replicas: not the other services.
        scale.up("haproxy", REPLICAS, List.of("web-replicas"));
    }

    @AfterAll
    static void takeEverythingDown() throws Exception {
        ReplicasBehindHaproxy.takeDown(scale);
    }

    @Test
    @Order(1)
    void requestsThroughHaproxySpreadOverEveryReplica() throws Exception {
        String marker = "spread-" + UUID.randomUUID();
        int count = 30;
        for (int i = 0; i < count; i++) {
            assertThat(get("/?" + marker + "-" + i)).as("request " + i).isEqualTo(200);
        }
        // The access log is written by a thread of its own: the lines come shortly after the responses.
        Awaitility.await("30 access log lines over the replicas").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<String>> served = servedBy(marker);
            assertThat(served.values().stream().mapToInt(List::size).sum()).as(served.toString()).isEqualTo(count);
            for (String replica : scale.replicas()) {
                assertThat(served.get(replica)).as("requests served by " + replica + ": " + served).isNotEmpty();
            }
        });
    }

    @Test
    @Order(2)
    void theReplicasAccessLogNamesTheClientNotHaproxy() throws Exception {
        String haproxy = address(scale.stack().container("haproxy"));
        // From the host: the client HAProxy saw (its own log) is the one the replica logs.
        String marker = "client-" + UUID.randomUUID();
        assertThat(get("/?" + marker)).isEqualTo(200);
        // HAProxy logs a connection when it ends, the replica its request from a thread of its own: both come shortly.
        Awaitility.await("HAProxy's log line and the access log line").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> clientsHaproxySaw = new TreeSet<>();
            Matcher line = Pattern.compile("(?m)^(\\S+):\\d+ \\[[^]]+] web web-replicas/")
                    .matcher(scale.stack().rawLogs("haproxy"));
            while (line.find()) {
                clientsHaproxySaw.add(line.group(1));
            }
            assertThat(clientsHaproxySaw).as("clients in HAProxy's log").isNotEmpty().doesNotContain(haproxy);
            assertThat(accessAddresses(marker)).hasSize(1).isSubsetOf(clientsHaproxySaw).doesNotContain(haproxy);
        });

        // From a container of known address on the scale network (a replica, whose image has bash): the replica
        // that serves it logs that container's address.
        String client = scale.replicas().get(0);
        String fromContainer = "container-" + UUID.randomUUID();
        Cli.Result request = scale.stack().docker("exec", client, "bash", "-c",
                "exec 3<>/dev/tcp/haproxy/8080 && printf 'GET /?"
                + fromContainer + " HTTP/1.1\\r\\nHost: haproxy\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -1 <&3");
        assertThat(request.out()).as(request.stderr()).startsWith("HTTP/1.1 200");
        Awaitility.await("the access log line").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(accessAddresses(fromContainer)).containsExactly(address(client)));
    }

    @Test
    @Order(3)
    void aReplicaKilledUnderLoadFailsNoRequestBeyondThoseInFlightAndTheOthersServeEverything() throws Exception {
        int clients = 2;
        String marker = "kill-" + UUID.randomUUID();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        int[] done = new int[clients];
        List<CompletableFuture<Void>> load = new ArrayList<>();
        // Threads of their own: the common pool (one thread on two cores) also drains the docker and curl commands.
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            load.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        int status = get("/?" + marker + "-" + client + "-" + i);
                        if (status != 200) {
                            failures.add("client " + client + " request " + i + ": status " + status);
                        }
                    } catch (IOException e) {
                        failures.add("client " + client + " request " + i + ": " + e);
                    }
                    synchronized (done) {
                        done[client]++;
                    }
                }
            }, threads));
        }
        try {
            awaitRequests(done, 20);
            String killed = scale.replicas().get(REPLICAS - 1);
            Cli.Result kill = scale.stack().docker("kill", killed);
            assertThat(kill.exitCode()).as("docker kill: " + kill.stderr()).isZero();
            // HAProxy has found it gone (DNS or health check), and the clients went on for a while after.
            Awaitility.await("the killed replica out of HAProxy's rotation").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        Map<String, Server> servers = scale.servers("web-replicas");
                        assertThat(servers.values()).as(servers.toString()).extracting(Server::status)
                                .filteredOn("UP"::equals).hasSize(REPLICAS - 1);
                    });
            awaitRequests(done, total(done) + 40);
        } finally {
            running.set(false);
            CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get();
            threads.shutdown();
        }
        assertThat(failures).as("failed requests (at most one in flight per client at the kill)").hasSizeLessThanOrEqualTo(clients);

        String after = "after-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            assertThat(get("/?" + after + "-" + i)).as("request " + i + " after the kill").isEqualTo(200);
        }
        List<String> remaining = scale.replicas().subList(0, REPLICAS - 1);
        Awaitility.await("20 access log lines on the remaining replicas").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, List<String>> served = servedBy(after);
            assertThat(served.values().stream().mapToInt(List::size).sum()).as(served.toString()).isEqualTo(20);
            assertThat(served.keySet()).as(served.toString()).containsExactlyInAnyOrderElementsOf(remaining);
        });
    }

    private static void awaitRequests(int[] done, int atLeast) {
        Awaitility.await(atLeast + " requests made").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> total(done) >= atLeast);
    }

    private static int total(int[] done) {
        synchronized (done) {
            int sum = 0;
            for (int count : done) {
                sum += count;
            }
            return sum;
        }
    }

    /** One GET through HAProxy on a connection of its own (so each is balanced anew); the status code. */
    private static int get(String target) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", scale.stack().port("WEB_SCALE_PORT")), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3}) ").matcher(response);
            if (!status.find()) {
                throw new IOException("not an HTTP response: \"" + response.lines().findFirst().orElse("") + "\"");
            }
            return Integer.parseInt(status.group(1));
        }
    }

    /** For each replica, the request targets carrying the marker in its access log. */
    private static Map<String, List<String>> servedBy(String marker) throws Exception {
        Map<String, List<String>> served = new HashMap<>();
        for (String replica : scale.replicas()) {
            for (String[] access : accessLines(replica)) {
                if (access[1].contains(marker)) {
                    served.computeIfAbsent(replica, any -> new ArrayList<>()).add(access[1]);
                }
            }
        }
        return served;
    }

    /** The client addresses the replicas logged for requests carrying the marker. */
    private static Set<String> accessAddresses(String marker) throws Exception {
        Set<String> addresses = new TreeSet<>();
        for (String replica : scale.replicas()) {
            for (String[] access : accessLines(replica)) {
                if (access[1].contains(marker)) {
                    addresses.add(access[0]);
                }
            }
        }
        return addresses;
    }

    /** A replica's access log lines (JSON log events of logger dev.netservices.web.access): address and target. */
    private static List<String[]> accessLines(String container) throws Exception {
        Cli.Result logs = scale.stack().docker("logs", container);
        List<String[]> lines = new ArrayList<>();
        for (String line : (logs.out() + logs.stderr()).lines().filter(text -> text.startsWith("{")).toList()) {
            var event = JSON.readTree(line);
            if ("dev.netservices.web.access".equals(event.path("log").path("logger").asString())) {
                Matcher access = ACCESS.matcher(event.path("message").asString());
                if (access.find()) {
                    lines.add(new String[] {access.group(1), access.group(2)});
                }
            }
        }
        return lines;
    }

    private static String address(String container) throws IOException, InterruptedException {
        return scale.stack().docker("inspect", "--format", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                container).out().strip();
    }
}
