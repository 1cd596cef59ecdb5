package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;

import dev.netservices.common.time.ManualClock;
import dev.netservices.files.support.TestServer;
import dev.netservices.files.support.Wire;

/**
 * The attacks on LOGIN that the review made: a burst of guesses sent at once from one address, and one account
 * guessed from many addresses. Checks are counted by the {@code files.logins} outcomes (failed and success are the
 * checked ones; throttled ones never reach the hash).
 */
class LoginBudgetsTest {

    @TempDir
    Path work;

    private Path root;
    private Path users;

    @BeforeEach
    void accounts() throws IOException {
        root = Files.createDirectory(work.resolve("library"));
        users = work.resolve("users");
        var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        Files.writeString(users, "alice:" + encoder.encode("wonder land") + ":rw\nbob:" + encoder.encode("builder") + ":ro\n");
    }

    @Test
    void guessesSentAtOnceFromOneAddressAreCheckedOnlyUpToTheBurst() throws Exception {
        int guessers = 95;
        try (TestServer server = TestServer.on(root).usersFile(users).loginFailures(5, Duration.ofMinutes(10))
                .maxSessions(100).maxSessionsPerAddress(100).start()) {
            List<Wire> wires = new ArrayList<>();
            try {
                for (int i = 0; i < guessers; i++) {
                    wires.add(server.connect());
                }
                List<String> replies = allAtOnce(wires.stream().<Callable<String>>map(wire -> () -> wire.command("LOGIN bob guess")).toList());
                assertThat(replies).filteredOn("ERR 530 login failed: wrong name or password"::equals).hasSize(5);
                assertThat(replies).filteredOn(reply -> reply.startsWith("ERR 429 too many failed logins from 127.0.0.1")).hasSize(guessers - 5);
                assertThat(logins(server, "failed")).as("passwords checked").isEqualTo(5);
                assertThat(logins(server, "throttled")).isEqualTo(guessers - 5);
            } finally {
                for (Wire wire : wires) {
                    wire.close();
                }
            }
        }
    }

    @Test
    void anAccountGuessedFromManyAddressesIsRefusedUncheckedPastItsOwnBudget() throws Exception {
        // a clock that stands still: the retry-after in the reply is the whole refill, however long the checks took
        ManualClock clock = new ManualClock();
        try (TestServer server = TestServer.on(root).usersFile(users).plainLogin(true).clock(clock)
                .loginFailures(5, Duration.ofMinutes(10)).accountFailures(3, Duration.ofSeconds(100)).start()) {
            for (int i = 1; i <= 3; i++) {
                try (Wire wire = from("127.0.0." + (10 + i), server)) {
                    assertThat(wire.command("LOGIN bob guess" + i)).isEqualTo("ERR 530 login failed: wrong name or password");
                }
            }
            try (Wire fourth = from("127.0.0.14", server)) {
                assertThat(fourth.command("LOGIN bob builder")).as("refused unchecked, even with the right password")
                        .isEqualTo("ERR 429 too many failed logins for this account; try again in 100s");
                assertThat(fourth.command("LOGIN alice wonder land")).as("other accounts, and the address, are untouched")
                        .isEqualTo("OK logged in as alice (read-write)");
            }
            assertThat(logins(server, "failed")).isEqualTo(3);
            assertThat(logins(server, "account_throttled")).isEqualTo(1);
        }
    }

    @Test
    void successfulLoginsCostTheAccountNothing() throws Exception {
        try (TestServer server = TestServer.on(root).usersFile(users).accountFailures(1, Duration.ofMinutes(10)).start();
                Wire wire = server.connect()) {
            for (int round = 0; round < 3; round++) {
                assertThat(wire.command("LOGIN bob builder")).isEqualTo("OK logged in as bob (read-only)");
            }
            assertThat(wire.command("LOGIN bob wrong")).isEqualTo("ERR 530 login failed: wrong name or password");
            assertThat(wire.command("LOGIN bob builder")).isEqualTo("ERR 429 too many failed logins for this account; try again in 600s");
        }
    }

    private static Wire from(String localAddress, TestServer server) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        return new Wire(socket);
    }

    /** Runs every task on its own thread, released together. */
    private static List<String> allAtOnce(List<Callable<String>> tasks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(tasks.size())) {
            List<Future<String>> futures = new ArrayList<>();
            for (Callable<String> task : tasks) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static double logins(TestServer server, String outcome) {
        return server.registry().get("files.logins").tag("outcome", outcome).counter().count();
    }
}
