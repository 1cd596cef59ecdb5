package dev.netservices.files.observability;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.netservices.files.account.HashCost;
import dev.netservices.files.account.LoginListener;
import dev.netservices.files.session.SessionListener;
import dev.netservices.files.defense.Defender;
import dev.netservices.files.store.FileStore;

/**
 * The file server's meters, all under {@code files.}: sessions active, rejected and late with their first command, body bytes received and
 * sent, transfers by command and outcome, logins by outcome, password checks running, and the bytes the library holds. The session and
 * the accounts report to the listeners they declare; this class is the one that knows about meters.
 */
public final class FileMetrics implements SessionListener, LoginListener, Defender.Listener {

    private final AtomicInteger activeSessions = new AtomicInteger();
    private final Map<Rejection, Counter> rejectedSessions = new EnumMap<>(Rejection.class);
    private final Counter lateFirstCommands;
    private final Counter bans;
    private final Counter bansEnded;
    private final AtomicInteger activeChecks = new AtomicInteger();
    private final Counter received;
    private final Counter sent;
    private final Map<Direction, Map<Outcome, Counter>> transfers = new EnumMap<>(Direction.class);
    private final Map<Result, Counter> logins = new EnumMap<>(Result.class);
    private final Map<Direction, Timer> transferDurations = new EnumMap<>(Direction.class);
    private final Map<Direction, DistributionSummary> transferThroughputs = new EnumMap<>(Direction.class);
    private final Map<Result, Timer> loginDurations = new EnumMap<>(Result.class);

    public FileMetrics(MeterRegistry registry, FileStore store) {
        Gauge.builder("files.sessions.active", activeSessions, AtomicInteger::get)
                .description("Sessions being served now").register(registry);
        for (Rejection why : Rejection.values()) {
            rejectedSessions.put(why, Counter.builder("files.sessions.rejected")
                    .description("Connections turned away unserved: every session slot taken (full) or the address's share taken (address_full)")
                    .tag("reason", lowerCase(why))
                    .register(registry));
        }
        bans = Counter.builder("files.defender.bans")
                .description("Addresses banned by the ban list (files.defender.*)").register(registry);
        bansEnded = Counter.builder("files.defender.bans.ended")
                .description("Bans that ran out").register(registry);
        lateFirstCommands = Counter.builder("files.sessions.first.command.late")
                .description("Sessions closed because no command came within files.first-command-timeout of connecting").register(registry);
        Gauge.builder("files.login.checks.active", activeChecks, AtomicInteger::get)
                .description("Password checks (bcrypt) running now; at most files.login.max-concurrent-checks").register(registry);
        received = Counter.builder("files.bytes.received").baseUnit("bytes")
                .description("Body bytes received from clients (uploads, including refused ones read and discarded)").register(registry);
        sent = Counter.builder("files.bytes.sent").baseUnit("bytes")
                .description("Body bytes sent to clients (downloads)").register(registry);
        Gauge.builder("files.storage.used", store, FileStore::usedBytes).baseUnit("bytes")
                .description("Bytes the library holds (what the quota counts)").register(registry);
        for (Direction direction : Direction.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("files.transfers")
                        .description("Downloads and uploads by outcome")
                        .tag("command", lowerCase(direction))
                        .tag("outcome", lowerCase(outcome))
                        .register(registry));
            }
            transfers.put(direction, byOutcome);
        }
        // Histogram buckets: management.metrics.distribution.slo.<name> in application.yml, where an operator changes them.
        for (Direction direction : Direction.values()) {
            String way = direction == Direction.GET ? "download" : "upload";
            transferDurations.put(direction, Timer.builder("files.transfer.duration")
                    .description("Completed transfers, from the GET or PUT line to the last byte sent or the upload acknowledged")
                    .tag("direction", way).register(registry));
            transferThroughputs.put(direction, DistributionSummary.builder("files.transfer.throughput").baseUnit("bytes.per.second")
                    .description("Completed transfers' average rate, their bytes over their duration")
                    .tag("direction", way).register(registry));
        }
        Gauge.builder("files.storage.free", store, FileStore::usableSpace).baseUnit("bytes")
                .description("Bytes free (usable by the service) on the volume of files.root").register(registry);
        for (Result result : Result.values()) {
            loginDurations.put(result, Timer.builder("files.login.duration")
                    .description("LOGIN checks, from the command read to its answer (a failure's files.login.failure-delay included)")
                    .tag("outcome", lowerCase(result)).register(registry));
            logins.put(result, Counter.builder("files.logins")
                    .description("LOGIN commands by outcome (throttled, account_throttled: refused unchecked after repeated failures "
                            + "from the address or on the name; busy: refused unchecked, every password check slot taken)")
                    .tag("outcome", lowerCase(result))
                    .register(registry));
        }
    }

    @Override
    public void sessionOpened() {
        activeSessions.incrementAndGet();
    }

    @Override
    public void sessionClosed() {
        activeSessions.decrementAndGet();
    }

    @Override
    public void sessionRejected(Rejection why) {
        rejectedSessions.get(why).increment();
    }

    @Override
    public void banned(String address) {
        bans.increment();
    }

    @Override
    public void banEnded(String address) {
        bansEnded.increment();
    }

    @Override
    public void firstCommandLate() {
        lateFirstCommands.increment();
    }

    @Override
    public void checkStarted(HashCost cost) {
        activeChecks.incrementAndGet();
    }

    @Override
    public void checkEnded() {
        activeChecks.decrementAndGet();
    }

    @Override
    public void bytesReceived(long bytes) {
        received.increment(bytes);
    }

    @Override
    public void bytesSent(long bytes) {
        sent.increment(bytes);
    }

    @Override
    public void transferEnded(Direction direction, Outcome outcome) {
        transfers.get(direction).get(outcome).increment();
    }

    @Override
    public void transferCompleted(Direction direction, long bytes, Duration took) {
        transferDurations.get(direction).record(took);
        if (took.toNanos() > 0) {
            transferThroughputs.get(direction).record(bytes * 1e9 / took.toNanos());
        }
    }

    @Override
    public void loginEnded(Result result, Duration took) {
        logins.get(result).increment();
        loginDurations.get(result).record(took);
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
