package dev.netservices.files;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.netservices.files.account.Access;
import dev.netservices.files.session.FileLimits;

/**
 * Every setting of the file server, under the {@code files} prefix ({@code FILES_MAX_SESSIONS=50} works too).
 * Each default is written here and nowhere else.
 *
 * <p>Validation: numbers carry {@code @Min}/{@code @Max}; durations and data sizes, which those annotations
 * cannot read, are checked by one {@code @AssertTrue} method each whose message names the setting.
 *
 * @param port              TCP port of the file protocol; 0 picks any free port
 * @param root              Folder holding the library (flat); created at start when missing
 * @param maxSessions       Sessions served at once; one more connection is told the server is busy and closed
 * @param maxFileSize       Largest upload accepted
 * @param quota             Most bytes the library may hold in total
 * @param overwrite         Whether an upload may replace an existing file (default: refuse)
 * @param idleTimeout       How long a session may wait between commands before it is closed
 * @param minTransferRate   Slowest transfer (bytes per second, measured over {@code rateWindow}) tolerated
 * @param rateWindow        The window over which a transfer's rate is measured
 * @param minFreeSpace      Free disk space kept in reserve: uploads that would eat into it are refused
 * @param maxLineBytes      Longest command line, in bytes without its terminator
 * @param maxDiscard        Most bytes of a refused upload read and dropped to keep the stream in sync
 * @param fsync             Force each upload's data and folder entry to disk before answering OK (off: faster, not durable)
 * @param usersFile         Accounts, one {@code name:{bcrypt}...:rw|ro} a line; unset: no accounts
 * @param anonymous         What sessions that did not log in may do: read-write, read or none; unset: read-write
 *                          without a users file, read with one (see {@link #anonymousAccess()})
 * @param plainLogin        Accept LOGIN on the plain port even while a TLS port is configured
 * @param login             Failed-login delay and throttle
 * @param tls               The implicit-TLS port
 */
@ConfigurationProperties("files")
@Validated
public record FileProperties(
        @DefaultValue("8888") @Min(0) @Max(65535) int port,
        @DefaultValue("./files-library") @NotNull Path root,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxSessions,
        @DefaultValue("4GB") @NotNull DataSize maxFileSize,
        @DefaultValue("20GB") @NotNull DataSize quota,
        @DefaultValue("false") boolean overwrite,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("1KB") @NotNull DataSize minTransferRate,
        @DefaultValue("30s") @NotNull Duration rateWindow,
        @DefaultValue("100MB") @NotNull DataSize minFreeSpace,
        @DefaultValue("1024") @Min(64) @Max(65_536) int maxLineBytes,
        @DefaultValue("16MB") @NotNull DataSize maxDiscard,
        @DefaultValue("true") boolean fsync,
        Path usersFile,
        Access anonymous,
        @DefaultValue("false") boolean plainLogin,
        @DefaultValue @NotNull @Valid Login login,
        @DefaultValue @NotNull @Valid Tls tls) {

    /**
     * @param failureDelay  wait before answering a failed LOGIN
     * @param maxFailures   failed LOGINs from one address within {@code lockout} before that address is refused unchecked
     * @param lockout       how long a failure counts against its address
     */
    public record Login(
            @DefaultValue("1s") @NotNull Duration failureDelay,
            @DefaultValue("5") @Min(1) @Max(1000) int maxFailures,
            @DefaultValue("5m") @NotNull Duration lockout) {

        @AssertTrue(message = "files.login.failure-delay must not be negative and at most 1m")
        public boolean isFailureDelayValid() {
            return failureDelay == null || (!failureDelay.isNegative() && failureDelay.compareTo(Duration.ofMinutes(1)) <= 0);
        }

        @AssertTrue(message = "files.login.lockout must be at least 1s")
        public boolean isLockoutValid() {
            return lockout == null || lockout.toMillis() >= 1000;
        }
    }

    /**
     * @param port    TCP port of the implicit-TLS protocol; 0 picks any free port
     * @param bundle  Spring Boot SSL bundle (spring.ssl.bundle.*.NAME) holding the certificate; unset: no TLS port
     */
    public record Tls(
            @DefaultValue("8889") @Min(0) @Max(65535) int port,
            String bundle) {

        public boolean enabled() {
            return bundle != null && !bundle.isBlank();
        }
    }

    /** The access of anonymous sessions: as set, else read-write without a users file and read with one. */
    public Access anonymousAccess() {
        if (anonymous != null) {
            return anonymous;
        }
        return usersFile == null ? Access.READ_WRITE : Access.READ;
    }

    /** The protocol limits sessions and the store enforce. */
    public FileLimits limits() {
        return new FileLimits(maxSessions, maxLineBytes, idleTimeout, minTransferRate.toBytes(), rateWindow,
                maxDiscard.toBytes(), maxFileSize.toBytes(), quota.toBytes(), minFreeSpace.toBytes());
    }

    @AssertTrue(message = "files.max-file-size must be at least 1 byte")
    public boolean isMaxFileSizePositive() {
        return maxFileSize == null || maxFileSize.toBytes() > 0;
    }

    @AssertTrue(message = "files.quota must be at least 1 byte")
    public boolean isQuotaPositive() {
        return quota == null || quota.toBytes() > 0;
    }

    @AssertTrue(message = "files.idle-timeout must be at least 10ms")
    public boolean isIdleTimeoutValid() {
        return idleTimeout == null || idleTimeout.toMillis() >= 10;
    }

    @AssertTrue(message = "files.rate-window must be at least 10ms")
    public boolean isRateWindowValid() {
        return rateWindow == null || rateWindow.toMillis() >= 10;
    }

    @AssertTrue(message = "files.min-transfer-rate and files.min-free-space must not be negative")
    public boolean isNonNegative() {
        return (minTransferRate == null || minTransferRate.toBytes() >= 0)
                && (minFreeSpace == null || minFreeSpace.toBytes() >= 0);
    }

    @AssertTrue(message = "files.max-discard must not be negative")
    public boolean isMaxDiscardValid() {
        return maxDiscard == null || maxDiscard.toBytes() >= 0;
    }
}
