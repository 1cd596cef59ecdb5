package dev.netservices.files.objects;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import dev.netservices.files.catalog.UploadLedger.Part;
import dev.netservices.files.store.StoreException;
import dev.netservices.files.store.StoreException.Reason;

/**
 * One bucket of an S3-compatible object store (AWS S3, Ceph RGW, MinIO) through the AWS SDK v2, path-style, with the
 * checksums only where the API requires them (Ceph RGW refuses the SDK's default trailing checksums). Every failure
 * becomes a {@link StoreException} a client can read; the SDK's pool reconnects by itself once the store is back.
 * <p>
 * A part is sent as one signed body, not in the SDK's default {@code aws-chunked} encoding: the bodies are byte arrays
 * that can be read twice, so one SHA-256 pass signs a whole part, where the chunked form signs every 128 KiB chunk
 * and copies each into a frame (profiled: most of an upload's CPU in the server). No {@code Expect: 100-continue}
 * either: a part does not wait a round trip for the store's go-ahead (a refused one is refused after its body).
 */
public final class ObjectBucket implements AutoCloseable {

    /**
     * @param endpoint  the store's URL; null: AWS's own for the region
     * @param accessKey with {@code secretKey}, the credentials; null or empty: the SDK's default chain
     */
    public record Settings(URI endpoint, String bucket, String region, String accessKey, String secretKey) {
    }

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;

    public ObjectBucket(Settings settings, int maxConnections) {
        AwsCredentialsProvider credentials = settings.accessKey() == null || settings.accessKey().isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .expectContinueEnabled(false)
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(60))
                        .maxConnections(maxConnections));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
    }

    public String bucket() {
        return bucket;
    }

    /** Makes the bucket unless it is there. */
    public void ensureBucket() throws StoreException {
        call(() -> {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException | BucketAlreadyExistsException raced) {
                    // another replica made it first
                }
            }
            return null;
        });
    }

    /** Whether the bucket answers now (for health); the reason when not. */
    public String problem() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return null;
        } catch (SdkException e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** Stores a whole (small) object at once. */
    public void put(String key, byte[] bytes, int length) throws StoreException {
        call(() -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) length).contentType(CONTENT_TYPE), body(bytes, length)));
    }

    public String startMultipart(String key) throws StoreException {
        return call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(CONTENT_TYPE)).uploadId());
    }

    /** Stores one part and answers its ETag. */
    public String uploadPart(String key, String multipartId, int number, byte[] bytes, int length) throws StoreException {
        return call(() -> s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(multipartId).partNumber(number).contentLength((long) length),
                body(bytes, length)).eTag());
    }

    public void complete(String key, String multipartId, List<Part> parts) throws StoreException {
        List<CompletedPart> completed = parts.stream().map(p -> CompletedPart.builder().partNumber(p.number()).eTag(p.etag()).build()).toList();
        call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(multipartId).multipartUpload(m -> m.parts(completed))));
    }

    /** Removes an object and the multipart upload writing it (either may be gone already). */
    public void remove(String key, String multipartId) throws StoreException {
        call(() -> {
            if (multipartId != null) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(multipartId));
                } catch (NoSuchUploadException e) {
                    // completed or aborted before
                }
            }
            s3.deleteObject(b -> b.bucket(bucket).key(key));
            return null;
        });
    }

    /** The object's bytes from {@code offset} to its end, as they arrive. */
    public InputStream read(String key, long offset) throws StoreException {
        return call(() -> s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=" + offset + "-")));
    }

    private static RequestBody body(byte[] bytes, int length) {
        // the part buffer is handed over without a copy; a retry reads it again from the start
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, CONTENT_TYPE);
    }

    private interface Call<T> {
        T run();
    }

    private static <T> T call(Call<T> call) throws StoreException {
        try {
            return call.run();
        } catch (S3Exception e) {
            throw new StoreException(Reason.IO, "the object store refused the request (HTTP %d %s), try again later"
                    .formatted(e.statusCode(), e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()), e);
        } catch (SdkException e) {
            throw unreachable(e);
        }
    }

    static StoreException unreachable(Exception e) {
        return new StoreException(Reason.IO, "the object store is unreachable, try again later", e);
    }

    @Override
    public void close() {
        s3.close();
    }
}
