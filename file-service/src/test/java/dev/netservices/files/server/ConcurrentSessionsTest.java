package dev.netservices.files.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/** Many clients at once, each byte checked; and what happens when every session slot is taken. */
class ConcurrentSessionsTest {

    private static final int CLIENTS = 50;
    private static final int SEEDED = 8;

    @TempDir
    Path root;

    @Test
    void fiftyConcurrentClientsListGetAndPutWithByteExactResults() throws Exception {
        Map<String, String> seeded = new ConcurrentHashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < SEEDED; i++) {
            byte[] bytes = new byte[50_000 + random.nextInt(1_500_000)];
            random.nextBytes(bytes);
            Files.write(root.resolve("seed-" + i + ".bin"), bytes);
            seeded.put("seed-" + i + ".bin", Wire.sha256(bytes));
        }
        Map<String, String> uploaded = new ConcurrentHashMap<>();
        List<String> contested = new ArrayList<>();
        try (TestServer server = TestServer.on(root).maxSessions(CLIENTS + 8).start()) {
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                results.add(clients.submit(() -> {
                    Random own = new Random(client);
                    try (Wire wire = server.connect()) {
                        go.await();
                        for (int round = 0; round < 3; round++) {
                            String list = wire.command("LIST");
                            assertThat(list).startsWith("OK ");
                            String listing = new String(wire.readBytes(Long.parseLong(list.split(" ")[1])), StandardCharsets.UTF_8);
                            assertThat(listing).contains("seed-0.bin");

                            String name = "seed-" + own.nextInt(SEEDED) + ".bin";
                            assertThat(Wire.sha256(wire.get(name))).as(name).isEqualTo(seeded.get(name));

                            byte[] mine = new byte[10_000 + own.nextInt(600_000)];
                            own.nextBytes(mine);
                            String myName = "client-" + client + "-" + round + ".bin";
                            assertThat(wire.put(myName, mine)).isEqualTo("OK " + mine.length + " " + Wire.sha256(mine));
                            uploaded.put(myName, Wire.sha256(mine));
                            assertThat(wire.get(myName)).isEqualTo(mine);
                            assertThat(wire.command("STAT " + myName)).isEqualTo("OK %d %s %s".formatted(mine.length, Wire.sha256(mine), myName));
                        }
                        byte[] claim = ("claimed by " + client).getBytes(StandardCharsets.UTF_8);
                        String reply = wire.put("contested.txt", claim);
                        return reply.startsWith("OK ") ? Wire.sha256(claim) : reply;
                    }
                }));
            }
            go.countDown();
            for (Future<String> result : results) {
                contested.add(result.get(120, TimeUnit.SECONDS));
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.registry().get("files.transfers").tag("command", "put").tag("outcome", "completed").counter().count())
                    .isEqualTo(CLIENTS * 3 + 1);
        }
        for (Map.Entry<String, String> file : uploaded.entrySet()) {
            assertThat(Wire.sha256(Files.readAllBytes(root.resolve(file.getKey())))).isEqualTo(file.getValue());
        }
        List<String> winners = contested.stream().filter(r -> !r.startsWith("ERR")).toList();
        assertThat(winners).as("exactly one upload of the same name wins").hasSize(1);
        // the losers are told why: the name was taken before they began, or while their body was arriving
        assertThat(contested.stream().filter(r -> r.equals("ERR 409 contested.txt already exists and overwriting is off")
                || r.equals("ERR 409 contested.txt was created by another upload meanwhile")).count()).isEqualTo(CLIENTS - 1);
        assertThat(Wire.sha256(Files.readAllBytes(root.resolve("contested.txt")))).isEqualTo(winners.getFirst());
        try (var files = Files.list(root)) {
            assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).as("no temporary file left").isEmpty();
        }
    }

    @Test
    void connectionBeyondMaxSessionsIsToldTheServerIsBusyAndClosed() throws IOException {
        try (TestServer server = TestServer.on(root).maxSessions(2).start();
                Wire first = server.connect();
                Wire second = server.connect()) {
            assertThat(first.greeting()).startsWith("OK ");
            assertThat(second.greeting()).startsWith("OK ");
            try (Wire third = server.connect()) {
                assertThat(third.greeting()).isEqualTo("ERR 503 server busy: all 2 sessions are in use, try again later");
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(server.registry().get("files.sessions.rejected").tag("reason", "full").counter().count()).isEqualTo(1);
            assertThat(first.command("LIST")).as("the sessions served go on").startsWith("OK ");
            first.command("QUIT");
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().liveSessions() == 1);
            try (Wire again = server.connect()) {
                assertThat(again.greeting()).as("a freed slot is taken by the next client").startsWith("OK ");
            }
        }
    }

    @Test
    void busyReplyReachesAClientThatSentItsCommandAlready() throws IOException {
        try (TestServer server = TestServer.on(root).maxSessions(1).start(); Wire first = server.connect()) {
            assertThat(first.greeting()).startsWith("OK ");
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write("LIST\r\nLIST\r\n".getBytes(StandardCharsets.UTF_8));
                socket.setSoTimeout(10_000);
                String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(reply).isEqualTo("ERR 503 server busy: all 1 sessions are in use, try again later\r\n");
            }
        }
    }
}
