package dev.netservices.files.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.netservices.files.catalog.CatalogDatabase;

/** UP while the catalog's PostgreSQL answers; DOWN with the driver's reason while it does not (the replica refuses new work meanwhile). */
public final class DatabaseHealthIndicator implements HealthIndicator {

    private final CatalogDatabase database;

    public DatabaseHealthIndicator(CatalogDatabase database) {
        this.database = database;
    }

    @Override
    public Health health() {
        String problem = database.problem();
        return problem == null ? Health.up().withDetail("database", "PostgreSQL").build()
                : Health.down().withDetail("database", "PostgreSQL").withDetail("error", problem).build();
    }
}
