package dev.netservices.files;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.observability.StorageHealthIndicator;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.LocalFileStore;

/** Wires the store, the TCP server and their observability from {@link FileProperties}. */
@Configuration(proxyBeanMethods = false)
class FileServiceConfiguration {

    @Bean
    LocalFileStore fileStore(FileProperties properties) {
        return new LocalFileStore(properties.root(), properties.limits(), properties.overwrite());
    }

    @Bean
    FileMetrics fileMetrics(MeterRegistry registry, FileStore store) {
        return new FileMetrics(registry, store);
    }

    @Bean
    FileServer fileServer(FileProperties properties, FileStore store, FileMetrics metrics, ServiceClock clock) {
        return new FileServer(properties.port(), properties.limits(), store, metrics, clock);
    }

    @Bean
    StorageHealthIndicator storageHealthIndicator(FileStore store, FileProperties properties) {
        return new StorageHealthIndicator(store, properties.minFreeSpace().toBytes(), properties.quota().toBytes());
    }
}
