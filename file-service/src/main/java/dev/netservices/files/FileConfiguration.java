package dev.netservices.files;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.AccountFile;
import dev.netservices.files.account.Authenticator;
import dev.netservices.files.account.LoginThrottle;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.observability.StorageHealthIndicator;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.session.LoginRules;
import dev.netservices.files.session.PlainConnection;
import dev.netservices.files.session.SessionContext;
import dev.netservices.files.session.TlsConnection;
import dev.netservices.files.store.DiskSync;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.LocalFileStore;

/** Wires the store, the accounts, the plain and TLS servers and their observability from {@link FileProperties}. */
@Configuration(proxyBeanMethods = false)
class FileConfiguration {

    // LOGIN on the plain port names the TLS port, which is only known once that server is bound.
    private final AtomicReference<FileServer> tlsServer = new AtomicReference<>();

    @Bean
    LocalFileStore fileStore(FileProperties properties) {
        return new LocalFileStore(properties.root(), properties.limits(), properties.overwrite(),
                properties.fsync() ? DiskSync.FORCE : DiskSync.OFF);
    }

    @Bean
    FileMetrics fileMetrics(MeterRegistry registry, FileStore store) {
        return new FileMetrics(registry, store);
    }

    @Bean
    SessionContext sessionContext(FileProperties properties, FileStore store, FileMetrics metrics, ServiceClock clock) {
        AccountFile accounts = properties.usersFile() == null ? null : new AccountFile(properties.usersFile(), clock);
        FileProperties.Login login = properties.login();
        Authenticator authenticator = new Authenticator(accounts, new LoginThrottle(login.maxFailures(), login.lockout(), clock),
                login.failureDelay(), metrics);
        LoginRules rules = new LoginRules(properties.anonymousAccess(), authenticator, properties.plainLogin(), () -> {
            FileServer tls = tlsServer.get();
            return tls == null ? -1 : tls.port();
        });
        return new SessionContext(store, metrics, properties.limits(), rules, clock);
    }

    @Bean
    Semaphore fileSessionSlots(FileProperties properties) {
        return new Semaphore(properties.maxSessions());
    }

    @Bean
    FileServer fileServer(FileProperties properties, SessionContext context, Semaphore fileSessionSlots) {
        return new FileServer("files", properties.port(), context, fileSessionSlots, PlainConnection::new);
    }

    @Bean
    @ConditionalOnProperty("files.tls.bundle")
    FileServer tlsFileServer(FileProperties properties, SessionContext context, Semaphore fileSessionSlots, SslBundles bundles) {
        String name = properties.tls().bundle();
        AtomicReference<SSLContext> ssl = new AtomicReference<>(bundles.getBundle(name).createSslContext());
        bundles.addBundleUpdateHandler(name, updated -> ssl.set(updated.createSslContext()));
        FileServer server = new FileServer("files-tls", properties.tls().port(), context, fileSessionSlots,
                channel -> new TlsConnection(channel, ssl.get()));
        tlsServer.set(server);
        return server;
    }

    @Bean
    StorageHealthIndicator storageHealthIndicator(FileStore store, FileProperties properties) {
        return new StorageHealthIndicator(store, properties.minFreeSpace().toBytes(), properties.quota().toBytes());
    }
}
