package dev.netservices.files.observability;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.netservices.files.objects.ObjectBucket;

/** UP while the object store answers for the bucket; DOWN with the SDK's reason while it does not. */
public final class ObjectStoreHealthIndicator implements HealthIndicator {

    private final ObjectBucket bucket;

    public ObjectStoreHealthIndicator(ObjectBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public Health health() {
        String problem = bucket.problem();
        return problem == null ? Health.up().withDetail("bucket", bucket.bucket()).build()
                : Health.down().withDetail("bucket", bucket.bucket()).withDetail("error", problem).build();
    }
}
