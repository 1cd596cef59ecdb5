package dev.netservices.files;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.observability.StorageHealthIndicator;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.session.SessionLimits;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.LocalFileStore;

/** Wires the store, the TCP server and their observability from {@link FileProperties}. */
@Configuration(proxyBeanMethods = false)
class FileServiceConfiguration {

    @Bean
    LocalFileStore fileStore(FileProperties properties) {
        return new LocalFileStore(properties.root(), properties.maxFileSize().toBytes(), properties.quota().toBytes(),
                properties.minFreeSpace().toBytes(), properties.overwrite());
    }

    @Bean
    FileMetrics fileMetrics(MeterRegistry registry, FileStore store) {
        return new FileMetrics(registry, store);
    }

    @Bean
    FileServer fileServer(FileProperties properties, FileStore store, FileMetrics metrics) {
        SessionLimits limits = new SessionLimits(SessionLimits.DEFAULT_MAX_LINE_BYTES, properties.idleTimeout(),
                properties.minTransferRate().toBytes(), properties.rateWindow(), SessionLimits.DEFAULT_MAX_DISCARD_BYTES);
        return new FileServer(properties.port(), properties.maxSessions(), limits, store, metrics);
    }

    @Bean
    StorageHealthIndicator storageHealthIndicator(FileStore store, FileProperties properties) {
        return new StorageHealthIndicator(store, properties.minFreeSpace().toBytes(), properties.quota().toBytes());
    }
}
