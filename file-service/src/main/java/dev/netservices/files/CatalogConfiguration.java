package dev.netservices.files;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.common.budget.AddressBudget;
import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.account.Authenticator;
import dev.netservices.files.account.TryBudget;
import dev.netservices.files.catalog.AccountTable;
import dev.netservices.files.catalog.CatalogDatabase;
import dev.netservices.files.catalog.Doomed;
import dev.netservices.files.catalog.FolderTree;
import dev.netservices.files.catalog.Forgetting;
import dev.netservices.files.catalog.SharedBudget;
import dev.netservices.files.catalog.SharedScores;
import dev.netservices.files.catalog.UploadLedger;
import dev.netservices.files.observability.DatabaseHealthIndicator;

/**
 * {@code files.metadata=postgres}: the catalog in PostgreSQL, from Spring Boot's own {@code spring.datasource.*} names,
 * bound here rather than by Boot's DataSource auto-configuration so that the default local mode needs no database. With it,
 * the ban list and the LOGIN throttle are shared by the replicas too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "files.metadata", havingValue = "postgres")
@EnableConfigurationProperties(CatalogConfiguration.DataSourceSettings.class)
class CatalogConfiguration {

    /**
     * @param url      JDBC URL of the catalog's PostgreSQL database (jdbc:postgresql://host:5432/files), for files.metadata=postgres
     * @param username database user
     * @param password database password
     */
    @ConfigurationProperties("spring.datasource")
    record DataSourceSettings(String url, String username, String password) {

        @Override
        public String toString() {
            return "DataSourceSettings[url=" + url + ", username=" + username + "]";
        }
    }

    @Bean(destroyMethod = "close")
    CatalogDatabase catalogDatabase(DataSourceSettings settings, FileProperties properties) {
        // one connection per session at most, as sessions wait on the catalog one call at a time, plus the sweeper's
        return CatalogDatabase.open(settings.url(), settings.username(), settings.password(), Math.min(properties.maxSessions() + 2, 50));
    }

    /** The catalog's side of file data in an object store (for {@code files.store=s3}): the tree, the ledger, the doomed objects. */
    @Bean
    CatalogFiles catalogFiles(CatalogDatabase database, ServiceClock clock) {
        Doomed doomed = new Doomed(database, clock);
        return new CatalogFiles(new FolderTree(database, doomed), new UploadLedger(database, doomed), doomed);
    }

    record CatalogFiles(FolderTree tree, UploadLedger ledger, Doomed doomed) {
    }

    /** The ban list's scores and bans, shared. */
    @Bean
    SharedScores sharedScores(CatalogDatabase database, ServiceClock clock) {
        return new SharedScores(database, clock);
    }

    /** The LOGIN throttle's budgets, shared; each falls back on this process's own while the database is away. */
    @Bean
    Authenticator.Budgets sharedLoginBudgets(CatalogDatabase database, FileProperties properties, ServiceClock clock) {
        FileProperties.Login login = properties.login();
        return new Authenticator.Budgets(
                sharedBudget(database, "address", login.failureBurst(), login.failureRefill(), login.failureAddresses(), clock),
                sharedBudget(database, "account", login.accountFailureBurst(), login.accountFailureRefill(), login.accountFailureAccounts(), clock));
    }

    /** A budget of {@code kind} in the catalog, falling back on one of this process's own (of {@code remembered} keys). */
    private static SharedBudget sharedBudget(CatalogDatabase database, String kind, int burst, Duration refill, int remembered, ServiceClock clock) {
        return new SharedBudget(database, kind, burst, refill, TryBudget.of(new AddressBudget<>(burst, refill, remembered, clock)), clock);
    }

    @Bean(destroyMethod = "close")
    Forgetting sharedDefenseForgetting(SharedScores scores, Authenticator.Budgets sharedLoginBudgets, FileProperties properties) {
        return new Forgetting(scores, properties.defender().window(),
                java.util.List.of((SharedBudget) sharedLoginBudgets.perAddress(), (SharedBudget) sharedLoginBudgets.perAccount()));
    }

    /** {@code files.accounts=database}: accounts from the catalog's table. */
    @Bean
    @ConditionalOnProperty(name = "files.accounts", havingValue = "database")
    AccountTable accountTable(CatalogDatabase database, ServiceClock clock) {
        return new AccountTable(database, clock);
    }

    @Bean
    DatabaseHealthIndicator databaseHealthIndicator(CatalogDatabase database) {
        return new DatabaseHealthIndicator(database);
    }
}
