package dev.netservices.files.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.Authenticator.Outcome;

/**
 * The work LOGIN does, seen by a listener rather than a stopwatch: how many password checks run at once, what
 * a LOGIN that finds none free gets, and which hash an unknown name costs.
 */
class PasswordCheckWorkTest {

    @TempDir
    Path work;

    @Test
    void guessersOnManyAddressesGetNoMoreChecksAtOnceThanTheCap() throws Exception {
        AccountFile accounts = new AccountFile(users("bob:{bcrypt}" + new BCryptPasswordEncoder(6).encode("builder") + ":ro\n"), ServiceClock.SYSTEM);
        ConcurrencyRecorder recorder = new ConcurrencyRecorder();
        Authenticator authenticator = new Authenticator(accounts, roomyBudgets(), 2, Duration.ofMinutes(1), Duration.ZERO, recorder, ServiceClock.SYSTEM);
        int guessers = 30;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(guessers)) {
            for (int i = 0; i < guessers; i++) {
                String address = "192.0.2." + i;
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return authenticator.login("bob", "guess", address);
                }));
            }
            start.countDown();
            for (Future<Outcome> outcome : outcomes) {
                assertThat(outcome.get()).isInstanceOf(Outcome.WrongNameOrPassword.class);
            }
        }
        assertThat(recorder.checks.get()).as("every guess was checked, in turn").isEqualTo(guessers);
        assertThat(recorder.mostAtOnce.get()).as("checks running at once").isBetween(1, 2);
    }

    @Test
    void aLoginThatFindsNoFreeCheckIsToldTheServerIsBusyAndKeepsItsTries() throws Exception {
        AccountFile accounts = new AccountFile(users("bob:{bcrypt}" + new BCryptPasswordEncoder(4).encode("builder") + ":ro\n"), ServiceClock.SYSTEM);
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LoginListener holdsTheOnlyCheck = new LoginListener() {
            @Override
            public void loginEnded(Result result, Duration took) {
            }

            @Override
            public void checkStarted(HashCost cost) {
                checking.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Authenticator.Budgets budgets = new Authenticator.Budgets(
                new AddressBudget<>(1, Duration.ofHours(1), 100, ServiceClock.SYSTEM),
                new AddressBudget<>(1, Duration.ofHours(1), 100, ServiceClock.SYSTEM));
        Authenticator authenticator = new Authenticator(accounts, budgets, 1, Duration.ZERO, Duration.ZERO, holdsTheOnlyCheck, ServiceClock.SYSTEM);
        try (ExecutorService thread = Executors.newSingleThreadExecutor()) {
            Future<Outcome> first = thread.submit(() -> authenticator.login("bob", "guess", "192.0.2.1"));
            assertThat(checking.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(authenticator.login("carol", "guess", "192.0.2.2")).isInstanceOf(Outcome.Busy.class);
            release.countDown();
            assertThat(first.get()).isInstanceOf(Outcome.WrongNameOrPassword.class);
        }
        assertThat(authenticator.login("carol", "guess", "192.0.2.2")).as("the busy LOGIN cost neither its address nor its name their one try")
                .isInstanceOf(Outcome.WrongNameOrPassword.class);
    }

    @Test
    void anUnknownNameCostsWhatTheAccountsCostNeverTheDefault() throws Exception {
        String pbkdf2 = "{pbkdf2@SpringSecurity_v5_8}" + Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode("secret one");
        AccountFile accounts = new AccountFile(users(
                "alice:{bcrypt}" + new BCryptPasswordEncoder(5).encode("wonder land") + ":rw\n"
                + "bob:" + pbkdf2 + ":ro\n"
                + "carol:{bcrypt}" + new BCryptPasswordEncoder(4).encode("secret two") + ":rw\n"), ServiceClock.SYSTEM);
        CostRecorder recorder = new CostRecorder();
        Authenticator authenticator = new Authenticator(accounts, roomyBudgets(), 2, Duration.ofMinutes(1), Duration.ZERO, recorder, ServiceClock.SYSTEM);

        authenticator.login("bob", "guess", "192.0.2.1");
        assertThat(recorder.last).isEqualTo(new HashCost("pbkdf2@SpringSecurity_v5_8", ""));
        authenticator.login("alice", "guess", "192.0.2.1");
        assertThat(recorder.last).isEqualTo(new HashCost("bcrypt", "cost 5"));

        Set<HashCost> unknownCosts = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            authenticator.login("nobody" + i, "guess", "192.0.2.1");
            HashCost first = recorder.last;
            unknownCosts.add(first);
            authenticator.login("nobody" + i, "another guess", "192.0.2.1");
            assertThat(recorder.last).as("one name always costs the same").isEqualTo(first);
        }
        assertThat(unknownCosts).as("unknown names cost what the accounts cost, in every format they use")
                .containsExactlyInAnyOrder(new HashCost("bcrypt", "cost 5"), new HashCost("bcrypt", "cost 4"),
                        new HashCost("pbkdf2@SpringSecurity_v5_8", ""));
    }

    private Path users(String text) throws Exception {
        Path file = work.resolve("users");
        Files.writeString(file, text);
        return file;
    }

    private static Authenticator.Budgets roomyBudgets() {
        return new Authenticator.Budgets(new AddressBudget<>(1000, Duration.ofMinutes(1), 1000, ServiceClock.SYSTEM),
                new AddressBudget<>(1000, Duration.ofMinutes(1), 1000, ServiceClock.SYSTEM));
    }

    /** Counts checks and the most that ran at once. */
    private static final class ConcurrencyRecorder implements LoginListener {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger checks = new AtomicInteger();

        @Override
        public void loginEnded(Result result, Duration took) {
        }

        @Override
        public void checkStarted(HashCost cost) {
            checks.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        @Override
        public void checkEnded() {
            running.decrementAndGet();
        }
    }

    /** The cost of the check begun last (one thread here). */
    private static final class CostRecorder implements LoginListener {
        volatile HashCost last;

        @Override
        public void loginEnded(Result result, Duration took) {
        }

        @Override
        public void checkStarted(HashCost cost) {
            last = cost;
        }
    }
}
