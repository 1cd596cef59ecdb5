package dev.netservices.files.catalog;

import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.flywaydb.core.Flyway;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.netservices.files.store.StoreException;

/**
 * The PostgreSQL database holding the catalog: a small pool, the schema brought up to date by Flyway
 * ({@code db/migration}) at start, and one way to run work in a transaction. While the database is unreachable every
 * call fails within the pool's connection timeout with a {@link StoreException} that says so, and the pool reconnects
 * by itself once it is back: nothing here needs a restart.
 */
public final class CatalogDatabase implements AutoCloseable {

    /** How long a call waits for a connection before the client is told the database is unreachable. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 3_000;

    /** What a unit of work in a transaction does. */
    @FunctionalInterface
    public interface Work<T> {
        T run(JdbcTemplate jdbc) throws StoreException;
    }

    private final HikariDataSource dataSource;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    private CatalogDatabase(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Connects (the database must be up at start) and migrates the schema. */
    public static CatalogDatabase open(String url, String username, String password, int maxConnections) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("files.metadata=postgres needs spring.datasource.url (jdbc:postgresql://host:5432/db)");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setPoolName("files-catalog");
        // Start without the database: the first call fails with a clear error and later ones connect when it is back.
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("the metadata database at " + url + " could not be prepared: " + e.getMessage(), e);
        }
        return new CatalogDatabase(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction; a refusal ({@link StoreException}) rolls it back and is thrown as is. */
    public <T> T inTransaction(Work<T> work) throws StoreException {
        StoreException[] refused = new StoreException[1];
        T result = call(() -> transactions.execute(status -> {
            try {
                return work.run(jdbc);
            } catch (StoreException e) {
                refused[0] = e;
                status.setRollbackOnly();
                return null;
            }
        }));
        if (refused[0] != null) {
            throw refused[0];
        }
        return result;
    }

    /** Runs one statement (or a few that need no transaction). */
    public <T> T read(Work<T> work) throws StoreException {
        StoreException[] refused = new StoreException[1];
        T result = call(() -> {
            try {
                return work.run(jdbc);
            } catch (StoreException e) {
                refused[0] = e;
                return null;
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return result;
    }

    private static <T> T call(Supplier<T> call) throws StoreException {
        try {
            return call.get();
        } catch (DataAccessException e) {
            throw unreachable(e);
        }
    }

    /**
     * The error a client sees while the database cannot answer (no connection, a connection lost, the server shutting
     * down) or, rarer, refuses a statement.
     */
    public static StoreException unreachable(DataAccessException e) {
        Throwable root = e.getMostSpecificCause();
        if (root instanceof java.sql.SQLException sql && !(root instanceof java.sql.SQLTransientConnectionException)
                && sql.getSQLState() != null && !sql.getSQLState().startsWith("08") && !sql.getSQLState().startsWith("57P")) {
            return new StoreException(StoreException.Reason.IO, "the metadata database refused the request (" + sql.getSQLState() + ")", e);
        }
        // The client reads what it can do (try again); the driver's exception stays in the server's log.
        return new StoreException(StoreException.Reason.IO, "the metadata database is unreachable, try again later", e);
    }

    /** Whether the database answers now (for health); the reason when not. */
    public String problem() {
        try {
            jdbc.queryForObject("select 1", Integer.class);
            return null;
        } catch (DataAccessException e) {
            return String.valueOf(e.getMostSpecificCause().getMessage());
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
