package dev.netservices.files.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import javax.net.ssl.SSLContext;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.Access;
import dev.netservices.files.account.AccountFile;
import dev.netservices.files.account.Authenticator;
import dev.netservices.files.account.LoginThrottle;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.session.LoginRules;
import dev.netservices.files.session.PlainConnection;
import dev.netservices.files.session.SessionContext;
import dev.netservices.files.session.TlsConnection;
import dev.netservices.files.store.DiskSync;
import dev.netservices.files.store.LocalFileStore;

/** A file server on an ephemeral port over a temporary root (and a TLS port when asked), with limits a test can tighten. */
public final class TestServer implements AutoCloseable {

    private final FileServer server;
    private final FileServer tlsServer;
    private final LocalFileStore store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private TestServer(Builder builder) {
        FileLimits limits = new FileLimits(builder.maxSessions, 1024, builder.idleTimeout, builder.minTransferRate,
                builder.rateWindow, builder.maxDiscard, builder.maxFileSize, builder.quota, builder.minFreeSpace);
        store = new LocalFileStore(builder.root, limits, builder.overwrite, builder.sync);
        FileMetrics metrics = new FileMetrics(registry, store);
        AccountFile accounts = builder.usersFile == null ? null : new AccountFile(builder.usersFile, builder.clock);
        Authenticator authenticator = new Authenticator(accounts, new LoginThrottle(builder.maxLoginFailures, Duration.ofMinutes(5),
                builder.clock), builder.loginFailureDelay, metrics);
        Access anonymous = builder.anonymous != null ? builder.anonymous : accounts == null ? Access.READ_WRITE : Access.READ;
        FileServer[] tls = new FileServer[1];
        LoginRules rules = new LoginRules(anonymous, authenticator, builder.plainLogin, () -> tls[0] == null ? -1 : tls[0].port());
        SessionContext context = new SessionContext(store, metrics, limits, rules, builder.clock);
        Semaphore slots = new Semaphore(builder.maxSessions);
        server = new FileServer("files", 0, context, slots, PlainConnection::new);
        SSLContext ssl = builder.tls;
        tlsServer = ssl == null ? null : new FileServer("files-tls", 0, context, slots, channel -> new TlsConnection(channel, ssl));
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
        store.close();
    }

    public static final class Builder {
        private final Path root;
        private int maxSessions = 64;
        private long maxFileSize = 64L << 20;
        private long quota = 1L << 30;
        private long minFreeSpace = 0;
        private boolean overwrite;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private long minTransferRate = 0;
        private Duration rateWindow = Duration.ofSeconds(5);
        private long maxDiscard = 16L << 20;
        private ServiceClock clock = ServiceClock.SYSTEM;
        private DiskSync sync = DiskSync.FORCE;
        private Path usersFile;
        private Access anonymous;
        private boolean plainLogin;
        private Duration loginFailureDelay = Duration.ZERO;
        private int maxLoginFailures = 5;
        private SSLContext tls;

        private Builder(Path root) {
            this.root = root;
        }

        public Builder maxSessions(int value) {
            maxSessions = value;
            return this;
        }

        public Builder maxFileSize(long value) {
            maxFileSize = value;
            return this;
        }

        public Builder quota(long value) {
            quota = value;
            return this;
        }

        public Builder minFreeSpace(long value) {
            minFreeSpace = value;
            return this;
        }

        public Builder overwrite(boolean value) {
            overwrite = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder minTransferRate(long bytesPerSecond, Duration window) {
            minTransferRate = bytesPerSecond;
            rateWindow = window;
            return this;
        }

        public Builder maxDiscard(long value) {
            maxDiscard = value;
            return this;
        }

        /** The clock every timeout reads; a {@code ManualClock} lets a test move time instead of sleeping. */
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

        public Builder maxLoginFailures(int value) {
            maxLoginFailures = value;
            return this;
        }

        /** Opens a TLS port too, with this context's certificate. */
        public Builder tls(SSLContext value) {
            tls = value;
            return this;
        }

        public TestServer start() {
            return new TestServer(this);
        }
    }
}
