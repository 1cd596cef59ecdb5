package dev.netservices.files;

import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.common.tls.ServerTls;
import dev.netservices.files.account.AccountFile;
import dev.netservices.files.account.Accounts;
import dev.netservices.files.account.Authenticator;
import dev.netservices.files.observability.FileMetrics;
import dev.netservices.files.observability.SessionSlotsHealthIndicator;
import dev.netservices.files.observability.StorageHealthIndicator;
import dev.netservices.files.server.FileServer;
import dev.netservices.files.server.SessionSlots;
import dev.netservices.files.session.LoginRules;
import dev.netservices.files.session.PlainConduit;
import dev.netservices.files.session.SessionContext;
import dev.netservices.files.session.TlsConduit;
import dev.netservices.files.store.DiskSync;
import dev.netservices.files.store.FileStore;
import dev.netservices.files.store.Homes;
import dev.netservices.files.store.LocalFileStore;
import dev.netservices.files.store.LocalHomes;
import dev.netservices.files.journal.TransferLog;
import dev.netservices.files.defense.Defender;

/**
 * Wires the store, the accounts, the plain and TLS servers and their observability from {@link FileProperties}. The local store and
 * homes are here; the catalog in PostgreSQL and the object store are {@link CatalogConfiguration} and
 * {@link ObjectStoreConfiguration}, each only when asked for.
 */
@Configuration(proxyBeanMethods = false)
class FileConfiguration {

    // LOGIN on the plain port names the TLS port, which is only known once that server is bound.
    private final AtomicReference<FileServer> tlsServer = new AtomicReference<>();

    @Bean
    @ConditionalOnProperty(name = "files.store", havingValue = "local", matchIfMissing = true)
    LocalFileStore fileStore(FileProperties properties, ServiceClock clock) {
        return new LocalFileStore(properties.root(), properties.storeLimits(), properties.overwrite(),
                properties.fsync() ? DiskSync.FORCE : DiskSync.OFF, clock);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "files.store", havingValue = "local", matchIfMissing = true)
    LocalHomes fileHomes(FileProperties properties, LocalFileStore fileStore, ServiceClock clock) {
        return new LocalHomes(properties.root(), properties.storeLimits(), properties.overwrite(),
                properties.fsync() ? DiskSync.FORCE : DiskSync.OFF, clock, fileStore,
                properties.anonymousHome() == null ? "" : properties.anonymousHome());
    }

    /** Only with {@code files.transfer-log.file}; closed after the servers, so the last entries are written. */
    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty("files.transfer-log.file")
    TransferLog transferLog(FileProperties properties, ServiceClock clock) {
        FileProperties.TransferLogSettings settings = properties.transferLog();
        return new TransferLog(settings.file(), settings.maxFileSize().toBytes(), settings.maxFiles(), clock);
    }

    @Bean
    FileMetrics fileMetrics(MeterRegistry registry, FileStore store) {
        return new FileMetrics(registry, store);
    }

    @Bean
    SessionContext sessionContext(FileProperties properties, FileStore store, Homes homes, FileMetrics metrics, ServiceClock clock,
            org.springframework.beans.factory.ObjectProvider<TransferLog> transferLogs,
            org.springframework.beans.factory.ObjectProvider<Authenticator.Budgets> sharedBudgets,
            org.springframework.beans.factory.ObjectProvider<Defender.SharedScores> sharedScores,
            org.springframework.beans.factory.ObjectProvider<Accounts> accountTable) {
        TransferLog transferLog = transferLogs.getIfAvailable();
        Accounts accounts = properties.accounts() == FileProperties.AccountSource.DATABASE ? accountTable.getObject()
                : properties.usersFile() == null ? null : new AccountFile(properties.usersFile(), clock);
        FileProperties.Login login = properties.login();
        Authenticator.Budgets budgets = sharedBudgets.getIfAvailable(() -> new Authenticator.Budgets(
                new AddressBudget<>(login.failureBurst(), login.failureRefill(), login.failureAddresses(), clock),
                new AddressBudget<>(login.accountFailureBurst(), login.accountFailureRefill(), login.accountFailureAccounts(), clock)));
        Authenticator authenticator = new Authenticator(accounts, budgets, login.concurrentChecks(), login.maxCheckWait(), login.failureDelay(),
                metrics, clock);
        LoginRules rules = new LoginRules(properties.anonymousAccess(), authenticator, properties.plainLogin(), () -> {
            FileServer tls = tlsServer.get();
            return tls == null ? -1 : tls.port();
        });
        SessionContext context = new SessionContext(store, metrics, properties.limits(), rules, clock, homes);
        context = context.withDefender(new Defender(properties.defender().rules(), clock, metrics, sharedScores.getIfAvailable()));
        return transferLog == null ? context : context.withJournal(transferLog);
    }

    @Bean
    SessionSlots fileSessionSlots(FileProperties properties) {
        return new SessionSlots(properties.maxSessions(), properties.maxSessionsPerAddress());
    }

    @Bean
    FileServer fileServer(FileProperties properties, SessionContext context, SessionSlots fileSessionSlots) {
        return new FileServer("files", properties.address(), properties.port(), context, fileSessionSlots,
                channel -> new PlainConduit(channel, context.clock()), properties.proxyProtocol().trustedProxies());
    }

    @Bean
    @ConditionalOnProperty("files.tls.bundle")
    FileServer tlsFileServer(FileProperties properties, SessionContext context, SessionSlots fileSessionSlots, SslBundles bundles) {
        ServerTls tls = ServerTls.fromBundle(bundles, properties.tls().bundle());
        FileServer server = new FileServer("files-tls", properties.address(), properties.tls().port(), context, fileSessionSlots,
                channel -> new TlsConduit(channel, tls.context()), properties.proxyProtocol().trustedProxies());
        tlsServer.set(server);
        return server;
    }

    @Bean
    SessionSlotsHealthIndicator sessionsHealthIndicator(SessionSlots fileSessionSlots) {
        return new SessionSlotsHealthIndicator(fileSessionSlots);
    }

    @Bean
    StorageHealthIndicator storageHealthIndicator(FileStore store, FileProperties properties) {
        return new StorageHealthIndicator(store, properties.storeLimits());
    }
}
