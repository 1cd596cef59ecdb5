package dev.netservices.files;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.files.objects.ObjectBucket;
import dev.netservices.files.objects.ObjectFileStore;
import dev.netservices.files.objects.ObjectHomes;
import dev.netservices.files.objects.ObjectStoreParts;
import dev.netservices.files.objects.ObjectSweeper;
import dev.netservices.files.observability.ObjectStoreHealthIndicator;
import dev.netservices.files.store.StoreException;

/** {@code files.store=s3}: file data in an S3-compatible object store, names and quotas in the catalog. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "files.store", havingValue = "s3")
class ObjectStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ObjectStoreConfiguration.class);

    @Bean(destroyMethod = "close")
    ObjectBucket objectBucket(FileProperties properties) {
        FileProperties.S3 s3 = properties.s3();
        ObjectBucket bucket = new ObjectBucket(new ObjectBucket.Settings(s3.endpoint(), s3.bucket(), s3.region(), s3.accessKey(), s3.secretKey()),
                properties.maxSessions() + 4);
        try {
            bucket.ensureBucket();
        } catch (StoreException e) {
            // start anyway: readiness says the object store is down, and uploads are refused until it answers
            log.warn("bucket {} at {} not checked at start: {}", s3.bucket(), s3.endpoint(), e.getMessage());
        }
        return bucket;
    }

    @Bean
    ObjectStoreParts objectStoreParts(CatalogConfiguration.CatalogFiles catalog, ObjectBucket bucket) {
        return new ObjectStoreParts(catalog.tree(), catalog.ledger(), catalog.doomed(), bucket);
    }

    @Bean
    ObjectFileStore fileStore(FileProperties properties, ObjectStoreParts parts, ServiceClock clock) {
        return new ObjectFileStore("", parts, properties.storeLimits(), uploadRules(properties), clock);
    }

    @Bean
    ObjectHomes fileHomes(FileProperties properties, ObjectStoreParts parts, ObjectFileStore fileStore, ServiceClock clock) {
        return new ObjectHomes(parts, properties.storeLimits(), uploadRules(properties), clock, fileStore,
                properties.anonymousHome() == null ? "" : properties.anonymousHome());
    }

    @Bean(destroyMethod = "close")
    ObjectSweeper objectSweeper(FileProperties properties, ObjectStoreParts parts, ServiceClock clock) {
        return new ObjectSweeper(parts, clock, properties.s3().uploadLease());
    }

    @Bean
    ObjectStoreHealthIndicator objectStoreHealthIndicator(ObjectBucket bucket) {
        return new ObjectStoreHealthIndicator(bucket);
    }

    private static ObjectFileStore.UploadRules uploadRules(FileProperties properties) {
        return new ObjectFileStore.UploadRules(properties.s3().uploadLease(), (int) properties.s3().partSize().toBytes(), properties.overwrite());
    }
}
