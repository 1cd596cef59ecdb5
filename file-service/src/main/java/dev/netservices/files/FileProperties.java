package dev.netservices.files;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.netservices.common.net.ProxyHeader;
import dev.netservices.common.settings.DataSizeRange;
import dev.netservices.files.account.Access;
import dev.netservices.files.session.FileLimits;
import dev.netservices.files.store.StoreLimits;

/**
 * Every setting of the file server, under the {@code files} prefix ({@code FILES_MAX_SESSIONS=50} works too).
 * Each default is written here and nowhere else.
 *
 * <p>Validation is Bean Validation on the components: numbers with {@code @Min}/{@code @Max}, durations with
 * Hibernate Validator's {@code @DurationMin}/{@code @DurationMax}, data sizes with common's
 * {@link DataSizeRange} (Bean Validation has no annotation for them).
 *
 * @param address           Local address the plain and TLS ports listen on (an IP literal or a host name); unset: every interface
 * @param port              TCP port of the file protocol; 0 picks any free port
 * @param root              Folder holding the library (a tree of folders); created at start when missing
 * @param maxSessions       Sessions served at once; one more connection is told the server is busy and closed
 * @param maxSessionsPerAddress Sessions one client address may hold at once; one more is told so and closed
 * @param maxFileSize       Largest upload accepted
 * @param quota             Most bytes the library may hold in total
 * @param overwrite         Whether an upload may replace an existing file (default: refuse)
 * @param idleTimeout       How long a session may wait between commands before it is closed
 * @param firstCommandTimeout How long a new connection may take to finish its TLS handshake and send its first command
 * @param minTransferRate   Slowest transfer (bytes per second, measured over {@code rateWindow}) tolerated
 * @param rateWindow        The window over which a transfer's rate is measured
 * @param minFreeSpace      Free disk space kept in reserve: uploads that would eat into it are refused
 * @param maxLineBytes      Longest command line, in bytes without its terminator
 * @param maxPathDepth      Most segments a path may have (a/b/c.txt has 3); deeper folders are neither listed nor reachable
 * @param maxPathBytes      Longest path, in bytes of UTF-8
 * @param partialRetention  How long the part of an interrupted resumable upload is kept for its resume (counted in the quota meanwhile)
 * @param maxDiscard        Most bytes of a refused upload read and dropped to keep the stream in sync
 * @param maxPipelinedUploads Uploads and MKDIRs of a session waiting for their force at once (enough to keep the disk's queue busy
 *                          behind one client's small files, few enough to bound the quota a session holds); 0 answers
 *                          each upload before the next command is read
 * @param fsync             Force each upload's data and folder entry to disk before answering OK (off: faster, not durable)
 * @param usersFile         Accounts, one {@code name:{bcrypt}...:rw|ro} a line; unset: no accounts
 * @param anonymous         What sessions that did not log in may do: read-write, read or none; unset: read-write
 *                          without a users file, read with one (see {@link #anonymousAccess()})
 * @param anonymousHome     Folder under the root that sessions without a login see as their top folder; unset: the whole root
 * @param plainLogin        Accept LOGIN on the plain port even while a TLS port is configured
 * @param login             Failed-login delay, the budgets of tries per address and per account, and the cap on password checks
 * @param tls               The implicit-TLS port
 * @param defender          The ban list: scores per address for failed logins, refused commands and protocol errors, and bans
 * @param transferLog       The transfer log: one JSON line per upload, download, delete, rename, mkdir, rmdir
 * @param proxyProtocol     Proxies (a load balancer) whose connections start with a PROXY protocol v2 header naming the client
 * @param metadata          Where names, folders, sizes, digests, quotas and partial uploads live: local (the index of one machine) or
 *                          postgres (shared by replicas, with spring.datasource.url, username and password)
 * @param store             Where file data lives: local (under files.root) or s3 (an S3-compatible object store; needs metadata postgres)
 * @param s3                The object store of files.store=s3
 * @param accounts          Where accounts come from: users-file (files.users-file) or database (the catalog's accounts table, shared by
 *                          replicas; needs metadata postgres; loaded with --import-users)
 */
@ConfigurationProperties("files")
@Validated
public record FileProperties(
        InetAddress address,
        @DefaultValue("8888") @Min(0) @Max(65535) int port,
        @DefaultValue("./files-library") @NotNull Path root,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxSessions,
        @DefaultValue("10") @Min(1) @Max(10_000) int maxSessionsPerAddress,
        @DefaultValue("4GB") @NotNull @DataSizeRange(min = 1) DataSize maxFileSize,
        @DefaultValue("20GB") @NotNull @DataSizeRange(min = 1) DataSize quota,
        @DefaultValue("false") boolean overwrite,
        @DefaultValue("5m") @NotNull @DurationMin(millis = 10) Duration idleTimeout,
        @DefaultValue("10s") @NotNull @DurationMin(millis = 10) @DurationMax(minutes = 10) Duration firstCommandTimeout,
        @DefaultValue("1KB") @NotNull @DataSizeRange DataSize minTransferRate,
        @DefaultValue("30s") @NotNull @DurationMin(millis = 10) Duration rateWindow,
        @DefaultValue("100MB") @NotNull @DataSizeRange DataSize minFreeSpace,
        @DefaultValue("1024") @Min(64) @Max(65_536) int maxLineBytes,
        @DefaultValue("16") @Min(1) @Max(256) int maxPathDepth,
        @DefaultValue("1024") @Min(255) @Max(4096) int maxPathBytes,
        @DefaultValue("24h") @NotNull @DurationMin(seconds = 1) Duration partialRetention,
        @DefaultValue("16MB") @NotNull @DataSizeRange DataSize maxDiscard,
        @DefaultValue("8") @Min(0) @Max(256) int maxPipelinedUploads,
        @DefaultValue("true") boolean fsync,
        Path usersFile,
        Access anonymous,
        String anonymousHome,
        @DefaultValue("false") boolean plainLogin,
        @DefaultValue @NotNull @Valid Login login,
        @DefaultValue @NotNull @Valid Tls tls,
        @DefaultValue @NotNull @Valid ProxyProtocol proxyProtocol,
        @DefaultValue @NotNull @Valid TransferLogSettings transferLog,
        @DefaultValue @NotNull @Valid DefenderSettings defender,
        @DefaultValue("local") @NotNull Metadata metadata,
        @DefaultValue("local") @NotNull StoreKind store,
        @DefaultValue @NotNull @Valid S3 s3,
        @DefaultValue("users-file") @NotNull AccountSource accounts) {

    public FileProperties {
        if (store == StoreKind.S3 && metadata != Metadata.POSTGRES) {
            throw new IllegalArgumentException("files.store=s3 needs files.metadata=postgres: the names and quotas of files in an object "
                    + "store are kept in PostgreSQL (spring.datasource.*)");
        }
        if (accounts == AccountSource.DATABASE && metadata != Metadata.POSTGRES) {
            throw new IllegalArgumentException("files.accounts=database needs files.metadata=postgres: the accounts table is in PostgreSQL");
        }
    }

    /** Where accounts come from. */
    public enum AccountSource {
        USERS_FILE, DATABASE
    }

    /** Where the catalog lives. */
    public enum Metadata {
        LOCAL, POSTGRES
    }

    /** Where file data lives. */
    public enum StoreKind {
        LOCAL, S3
    }

    /**
     * @param endpoint    URL of the S3 API (Ceph RGW, MinIO: http://host:port); unset: AWS S3 of the region; addressing is path-style
     * @param bucket      bucket holding the objects (made at start when missing)
     * @param region      region the requests are signed for
     * @param accessKey   access key; empty: the AWS SDK's default chain (environment, profile, instance role)
     * @param secretKey   secret key that goes with the access key
     * @param partSize    size of each part of a multipart upload, and of the two buffers each upload holds in memory at most
     * @param uploadLease how long an upload's reservation holds without word from its replica; past it the sweeper
     *                    aborts its object and releases its quota (a replica that died mid-upload)
     */
    public record S3(URI endpoint, @DefaultValue("netservices-files") @NotNull String bucket, @DefaultValue("us-east-1") @NotNull String region,
            String accessKey, String secretKey,
            @DefaultValue("8MB") @NotNull @DataSizeRange(min = 5 * 1024 * 1024, max = 512 * 1024 * 1024) DataSize partSize,
            @DefaultValue("1m") @NotNull @DurationMin(millis = 100) @DurationMax(hours = 1) Duration uploadLease) {

        /** The access key is not shown in logs or errors; the secret key never is. */
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
        }
    }

    /**
     * @param enabled             whether addresses are scored and banned at all
     * @param threshold           the score within {@code window} that bans an address
     * @param window              how long scores add up before they start again from 0
     * @param banTime             how long a ban lasts
     * @param failedLoginScore    points for a LOGIN with a wrong name or password (or one tried while throttled)
     * @param refusedCommandScore points for a command the session may not run (ERR 530)
     * @param protocolErrorScore  points for a line that is no command, too long or not UTF-8
     * @param maxAddresses        addresses remembered at most (the quietest forgotten first)
     */
    public record DefenderSettings(@DefaultValue("true") boolean enabled, @DefaultValue("15") @Min(1) @Max(1_000_000) int threshold,
            @DefaultValue("10m") @NotNull @DurationMin(seconds = 1) Duration window,
            @DefaultValue("30m") @NotNull @DurationMin(seconds = 1) Duration banTime,
            @DefaultValue("2") @Min(0) @Max(1_000_000) int failedLoginScore, @DefaultValue("1") @Min(0) @Max(1_000_000) int refusedCommandScore,
            @DefaultValue("2") @Min(0) @Max(1_000_000) int protocolErrorScore,
            @DefaultValue("10000") @Min(1) @Max(10_000_000) int maxAddresses) {

        public dev.netservices.files.defense.Defender.Rules rules() {
            return new dev.netservices.files.defense.Defender.Rules(enabled, threshold, window, banTime, failedLoginScore, refusedCommandScore,
                    protocolErrorScore, maxAddresses);
        }
    }

    /**
     * @param file        where the JSON lines go; unset: no transfer log
     * @param maxFileSize size at which the file is rotated to {@code <file>.1} (older ones move up)
     * @param maxFiles    rotated files kept ({@code <file>.1} to {@code <file>.<maxFiles>})
     */
    public record TransferLogSettings(Path file, @DefaultValue("100MB") @NotNull @DataSizeRange(min = 1024) DataSize maxFileSize,
            @DefaultValue("5") @Min(1) @Max(1000) int maxFiles) {
    }

    /**
     * @param trusted IP addresses and CIDR blocks (IPv4, IPv6) of the proxies whose connections, on both ports, must start with a
     *                PROXY protocol v2 header whose address is then the client's; a header from anyone else is refused; empty: off
     */
    public record ProxyProtocol(@DefaultValue List<String> trusted) {

        public ProxyProtocol {
            trusted = List.copyOf(trusted);
            ProxyHeader.TrustedProxies.parse(trusted);
        }

        /** The parsed list. */
        public ProxyHeader.TrustedProxies trustedProxies() {
            return ProxyHeader.TrustedProxies.parse(trusted);
        }
    }

    /**
     * Each client address, and each account name tried, has a budget of LOGIN tries (common's {@code AddressBudget}):
     * a failed login uses one of each up, a successful one costs nothing, and an address or a name with none left is
     * refused unchecked until it earns one back. Password checks (bcrypt) run at most {@code maxConcurrentChecks} at
     * once; a LOGIN that cannot get a turn within {@code maxCheckWait} is told the server is busy.
     *
     * @param failureDelay            wait before answering a failed LOGIN
     * @param failureBurst            failed LOGINs one address may make at once
     * @param failureRefill           time for an address to earn one try back
     * @param failureAddresses        addresses whose tries are remembered at once (the least recently heard forgotten first)
     * @param accountFailureBurst     failed LOGINs one account name may take at once, from all addresses together
     * @param accountFailureRefill    time for an account name to earn one try back
     * @param accountFailureAccounts  account names whose tries are remembered at once (unknown names count too)
     * @param maxConcurrentChecks     password checks run at once; 0: twice the processors the JVM sees
     * @param maxCheckWait            longest a LOGIN waits for its check to start before it is answered busy
     */
    public record Login(
            @DefaultValue("1s") @NotNull @DurationMin(nanos = 0) @DurationMax(minutes = 1) Duration failureDelay,
            @DefaultValue("5") @Min(1) @Max(1000) int failureBurst,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration failureRefill,
            @DefaultValue("10000") @Min(1) @Max(1_000_000) int failureAddresses,
            @DefaultValue("20") @Min(1) @Max(1000) int accountFailureBurst,
            @DefaultValue("1m") @NotNull @DurationMin(seconds = 1) @DurationMax(days = 1) Duration accountFailureRefill,
            @DefaultValue("10000") @Min(1) @Max(1_000_000) int accountFailureAccounts,
            @DefaultValue("0") @Min(0) @Max(1000) int maxConcurrentChecks,
            @DefaultValue("3s") @NotNull @DurationMin(nanos = 0) @DurationMax(minutes = 1) Duration maxCheckWait) {

        /** {@link #maxConcurrentChecks} as set, or twice the processors: enough to keep every core hashing. */
        public int concurrentChecks() {
            return maxConcurrentChecks > 0 ? maxConcurrentChecks : 2 * Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param port    TCP port of the implicit-TLS protocol; 0 picks any free port
     * @param bundle  Spring Boot SSL bundle (spring.ssl.bundle.*.NAME) holding the certificate; unset: no TLS port
     */
    public record Tls(
            @DefaultValue("8889") @Min(0) @Max(65535) int port,
            String bundle) {
    }

    /** The access of anonymous sessions: as set, else read-write without accounts and read with them. */
    public Access anonymousAccess() {
        if (anonymous != null) {
            return anonymous;
        }
        return usersFile == null && accounts != AccountSource.DATABASE ? Access.READ_WRITE : Access.READ;
    }

    /** The limits sessions enforce. */
    public FileLimits limits() {
        return new FileLimits(maxSessions, maxSessionsPerAddress, maxLineBytes, firstCommandTimeout, idleTimeout, minTransferRate.toBytes(),
                rateWindow, maxDiscard.toBytes(), maxPipelinedUploads);
    }

    /** The limits the store admits uploads by. */
    public StoreLimits storeLimits() {
        return new StoreLimits(maxFileSize.toBytes(), quota.toBytes(), minFreeSpace.toBytes(), maxPathDepth, maxPathBytes, partialRetention);
    }
}
