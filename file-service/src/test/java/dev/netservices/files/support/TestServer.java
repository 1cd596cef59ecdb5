package dev.netservices.files.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.session.SessionLimits;
import dev.netservices.files.store.LocalFileStore;

/** A file server on an ephemeral port over a temporary root, with limits a test can tighten. */
public final class TestServer implements AutoCloseable {

    private final FileServer server;
    private final LocalFileStore store;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private TestServer(Builder builder) {
        store = new LocalFileStore(builder.root, builder.maxFileSize, builder.quota, builder.minFreeSpace, builder.overwrite);
        FileMetrics metrics = new FileMetrics(registry, store);
        SessionLimits limits = new SessionLimits(1024, builder.idleTimeout, builder.minTransferRate, builder.rateWindow,
                builder.maxDiscard);
        server = new FileServer(0, builder.maxSessions, limits, store, metrics);
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
        private long maxDiscard = SessionLimits.DEFAULT_MAX_DISCARD_BYTES;

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

        public TestServer start() {
            return new TestServer(this);
        }
    }
}
