package dev.netservices.files.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.net.ProxyHeader;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.Access;
import dev.netservices.files.account.AccountFile;
import dev.netservices.files.account.Authenticator;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.server.SessionSlots;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.session.LoginRules;
import dev.netservices.files.session.PlainConduit;
import dev.netservices.files.session.SessionContext;
import dev.netservices.files.session.TlsConduit;
import dev.netservices.files.store.DiskSync;
import dev.netservices.files.store.LocalFileStore;
import dev.netservices.files.store.LocalHomes;
import dev.netservices.files.journal.TransferLog;
import dev.netservices.files.defense.Defender;

/** A file server on an ephemeral port over a temporary root (and a TLS port when asked), with limits a test can tighten. */
public final class TestServer implements AutoCloseable {

    private final FileServer server;
    private final FileServer tlsServer;
    private final LocalFileStore store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SessionSlots slots;
    private final LocalHomes homes;
    private final TransferLog transferLog;

    private TestServer(Builder builder) {
        FileLimits limits = builder.limits.build();
        store = new LocalFileStore(builder.root, builder.storeLimits.build(), builder.overwrite, builder.sync, builder.clock);
        FileMetrics metrics = new FileMetrics(registry, store);
        AccountFile accounts = builder.usersFile == null ? null : new AccountFile(builder.usersFile, builder.clock);
        Authenticator.Budgets budgets = new Authenticator.Budgets(
                new AddressBudget<>(builder.loginFailureBurst, builder.loginFailureRefill, 10_000, builder.clock),
                new AddressBudget<>(builder.accountFailureBurst, builder.accountFailureRefill, 10_000, builder.clock));
        Authenticator authenticator = new Authenticator(accounts, budgets, builder.maxConcurrentChecks, builder.maxCheckWait,
                builder.loginFailureDelay, metrics, builder.clock);
        Access anonymous = builder.anonymous != null ? builder.anonymous : accounts == null ? Access.READ_WRITE : Access.READ;
        FileServer[] tls = new FileServer[1];
        LoginRules rules = new LoginRules(anonymous, authenticator, builder.plainLogin, () -> tls[0] == null ? -1 : tls[0].port());
        homes = new LocalHomes(builder.root, builder.storeLimits.build(), builder.overwrite, builder.sync, builder.clock, store,
                builder.anonymousHome);
        transferLog = builder.transferLog == null ? null : new TransferLog(builder.transferLog, builder.transferLogBytes, 3, builder.clock);
        SessionContext context = new SessionContext(store, metrics, limits, rules, builder.clock, homes);
        if (transferLog != null) {
            context = context.withJournal(transferLog);
        }
        if (builder.defender != null) {
            context = context.withDefender(new Defender(builder.defender, builder.clock, metrics));
        }
        slots = new SessionSlots(limits.maxSessions(), limits.maxSessionsPerAddress());
        server = new FileServer("files", builder.address, 0, context, slots, channel -> new PlainConduit(channel, builder.clock), builder.trusted);
        SSLContext ssl = builder.tls;
        tlsServer = ssl == null ? null : new FileServer("files-tls", builder.address, 0, context, slots, channel -> new TlsConduit(channel, ssl), builder.trusted);
        tls[0] = tlsServer;
        try {
            server.bind();
            if (tlsServer != null) {
                tlsServer.bind();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder on(Path root) {
        return new Builder(root);
    }

    public int port() {
        return server.port();
    }

    public int tlsPort() {
        return tlsServer.port();
    }

    public FileServer server() {
        return server;
    }

    public FileServer tlsServer() {
        return tlsServer;
    }

    public SessionSlots slots() {
        return slots;
    }

    public LocalFileStore store() {
        return store;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    public Wire connect() throws IOException {
        return new Wire(port());
    }

    @Override
    public void close() {
        for (FileServer each : tlsServer == null ? new FileServer[] {server} : new FileServer[] {server, tlsServer}) {
            each.stopAccepting();
            each.close();
        }
        homes.close();
        store.close();
        if (transferLog != null) {
            transferLog.close();
        }
    }

    public static final class Builder {
        private final Path root;
        private final TestLimits.Session limits = TestLimits.session();
        private final TestLimits.Store storeLimits = TestLimits.store();
        private boolean overwrite;
        private ServiceClock clock = ServiceClock.SYSTEM;
        private DiskSync sync = DiskSync.FORCE;
        private Path usersFile;
        private String anonymousHome = "";
        private Path transferLog;
        private Defender.Rules defender;

        /** A ban list with these rules (off unless given, so that tests refusing much are not banned). */
        public Builder defender(Defender.Rules value) {
            defender = value;
            return this;
        }
        private long transferLogBytes = 100L << 20;

        /** A transfer log in {@code file}, rotated at {@code maxBytes}, three files kept. */
        public Builder transferLog(Path file, long maxBytes) {
            transferLog = file;
            transferLogBytes = maxBytes;
            return this;
        }

        public Builder anonymousHome(String value) {
            anonymousHome = value;
            return this;
        }
        private Access anonymous;
        private boolean plainLogin;
        private Duration loginFailureDelay = Duration.ZERO;
        private int loginFailureBurst = 5;
        private Duration loginFailureRefill = Duration.ofMinutes(1);
        private int accountFailureBurst = 1000;
        private Duration accountFailureRefill = Duration.ofMinutes(1);
        private int maxConcurrentChecks = 4;
        private Duration maxCheckWait = Duration.ofSeconds(10);
        private SSLContext tls;
        private ProxyHeader.TrustedProxies trusted = ProxyHeader.TrustedProxies.none();
        private java.net.InetAddress address;

        private Builder(Path root) {
            this.root = root;
        }

        public Builder maxSessions(int value) {
            limits.maxSessions(value);
            return this;
        }

        public Builder maxPathDepth(int value) {
            storeLimits.maxPathDepth(value);
            return this;
        }

        public Builder maxFileSize(long value) {
            storeLimits.maxFileSize(value);
            return this;
        }

        public Builder quota(long value) {
            storeLimits.quota(value);
            return this;
        }

        public Builder minFreeSpace(long value) {
            storeLimits.minFreeSpace(value);
            return this;
        }

        public Builder overwrite(boolean value) {
            overwrite = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            limits.idleTimeout(value);
            return this;
        }

        public Builder minTransferRate(long bytesPerSecond, Duration window) {
            limits.minTransferRate(bytesPerSecond, window);
            return this;
        }

        public Builder maxDiscard(long value) {
            limits.maxDiscardBytes(value);
            return this;
        }

        /** The clock every timeout reads; a {@code ManualClock} lets a test move time instead of sleeping. */
        public Builder maxPipelinedUploads(int value) {
            limits.maxPipelinedUploads(value);
            return this;
        }

        public Builder clock(ServiceClock value) {
            clock = value;
            return this;
        }

        public Builder sync(DiskSync value) {
            sync = value;
            return this;
        }

        public Builder usersFile(Path value) {
            usersFile = value;
            return this;
        }

        public Builder anonymous(Access value) {
            anonymous = value;
            return this;
        }

        public Builder plainLogin(boolean value) {
            plainLogin = value;
            return this;
        }

        public Builder loginFailureDelay(Duration value) {
            loginFailureDelay = value;
            return this;
        }

        /** Each address's budget of failed logins: {@code burst} at once, one more back every {@code refill}. */
        public Builder loginFailures(int burst, Duration refill) {
            loginFailureBurst = burst;
            loginFailureRefill = refill;
            return this;
        }

        /** Each account name's budget of failed logins, from every address together. */
        public Builder accountFailures(int burst, Duration refill) {
            accountFailureBurst = burst;
            accountFailureRefill = refill;
            return this;
        }

        /** Password checks run at once, and how long a LOGIN waits for one before it is answered busy. */
        public Builder passwordChecks(int maxConcurrent, Duration maxWait) {
            maxConcurrentChecks = maxConcurrent;
            maxCheckWait = maxWait;
            return this;
        }

        public Builder maxSessionsPerAddress(int value) {
            limits.maxSessionsPerAddress(value);
            return this;
        }

        public Builder firstCommandTimeout(Duration value) {
            limits.firstCommandTimeout(value);
            return this;
        }

        /** Opens a TLS port too, with this context's certificate. */
        public Builder tls(SSLContext value) {
            tls = value;
            return this;
        }

        /** {@code files.address}: both ports listen on this address only. */
        public Builder address(String ipLiteral) {
            try {
                address = java.net.InetAddress.getByName(ipLiteral);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }

        /** {@code files.proxy-protocol.trusted}: IP addresses and CIDR blocks. */
        public Builder proxyProtocolTrusted(String... entries) {
            trusted = ProxyHeader.TrustedProxies.parse(java.util.List.of(entries));
            return this;
        }

        public TestServer start() {
            return new TestServer(this);
        }
    }
}
