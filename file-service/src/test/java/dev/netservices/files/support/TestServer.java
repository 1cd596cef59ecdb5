package dev.netservices.files.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.server.FileServer;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.store.LocalFileStore;

/** A file server on an ephemeral port over a temporary root, with limits a test can tighten. */
public final class TestServer implements AutoCloseable {

    private final FileServer server;
    private final LocalFileStore store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private TestServer(Builder builder) {
        FileLimits limits = new FileLimits(builder.maxSessions, 1024, builder.idleTimeout, builder.minTransferRate,
                builder.rateWindow, builder.maxDiscard, builder.maxFileSize, builder.quota, builder.minFreeSpace);
        store = new LocalFileStore(builder.root, limits, builder.overwrite);
        FileMetrics metrics = new FileMetrics(registry, store);
        server = new FileServer(0, limits, store, metrics, builder.clock);
        try {
            server.bind();
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
        server.stopAccepting();
        server.close();
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

        public TestServer start() {
            return new TestServer(this);
        }
    }
}
