package dev.netservices.web;

import java.nio.file.Path;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.netservices.common.admin.AdminLogin;
import dev.netservices.common.net.ProxyHeader.TrustedProxies;
import dev.netservices.common.server.Threads;
import dev.netservices.common.settings.DataSizeRange;
import dev.netservices.web.accesslog.AccessLogFormat;
import dev.netservices.web.http.HttpLimits;
import dev.netservices.web.http2.Http2Options;

/**
 * Settings of the web server ({@code web.*}). Every default is written here and only here; a bad value
 * stops start-up with a message naming the setting (Bean Validation on each component: {@code @Min}/{@code @Max}
 * on numbers, {@code @DurationMin} on durations, {@link DataSizeRange} on sizes; an {@code @AssertTrue} method
 * only for a rule across settings).
 *
 * @param address          local address both the HTTP and HTTPS ports listen on (an IP literal or a host name);
 *                         unset: every interface
 * @param port             TCP port of the HTTP server; 0 picks a free one
 * @param root             folder served; unset or blank serves the bundled demo site
 * @param eventLoops       event loop threads; 0 (the default) means one per CPU core
 * @param idleTimeout      a kept-alive connection without a request is closed after this
 * @param headerTimeout    a request whose head (and body) is not complete after this gets 408
 * @param maxConnections   open connections (both ports together) past this are answered 503 and closed; the
 *                         limit in force is lower when the heap cannot hold this many ({@code ConnectionCeiling})
 * @param maxConnectionsPerAddress open connections from one client address on one port past this are answered
 *                         503 (on the TLS port closed); behind a proxy without the PROXY protocol every client
 *                         has the proxy's address, so raise it there
 * @param maxOpenFiles     files held open by responses at once, both ports together (a response from disk holds
 *                         its file until its last byte is written); a response that would open one more is a 503
 *                         with {@code Retry-After}. 0 (the default): half of the process's open-file limit
 * @param maxRequestLine   longest request line (414 past it)
 * @param maxHeaderSize    all header lines together (431 past it)
 * @param maxHeaderCount   header fields per request (431 past it)
 * @param maxBodySize      request bodies are read and discarded up to this (413 past it)
 * @param directoryListing list folders that have no index.html (else 403)
 * @param accessLog        the access log (combined or JSON lines)
 * @param cache            the in-memory cache of small files
 * @param compression      content codings for text files
 * @param tls              the HTTPS port beside the plain one
 * @param admin            who may read the actuator's health details and metrics endpoint
 * @param proxyProtocol    the PROXY protocol v2 from trusted balancers, on both ports
 * @param http2            HTTP/2 beside HTTP/1.1 on both ports
 */
@ConfigurationProperties("web")
@Validated
public record WebProperties(
        InetAddress address,
        @DefaultValue("8080") @Min(0) @Max(65535) int port,
        String root,
        @DefaultValue("0") @Min(0) @Max(256) int eventLoops,
        @DefaultValue("60s") @NotNull @DurationMin(nanos = 1) Duration idleTimeout,
        @DefaultValue("10s") @NotNull @DurationMin(nanos = 1) Duration headerTimeout,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxConnections,
        @DefaultValue("256") @Min(1) @Max(1_000_000) int maxConnectionsPerAddress,
        @DefaultValue("0") @Min(0) @Max(1_000_000) int maxOpenFiles,
        @DefaultValue("8KB") @NotNull @DataSizeRange(min = MIN_LINE_BYTES, max = MAX_LINE_BYTES) DataSize maxRequestLine,
        @DefaultValue("16KB") @NotNull @DataSizeRange(min = MIN_LINE_BYTES, max = MAX_LINE_BYTES) DataSize maxHeaderSize,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxHeaderCount,
        @DefaultValue("1MB") @NotNull @DataSizeRange DataSize maxBodySize,
        @DefaultValue("false") boolean directoryListing,
        @DefaultValue @Valid AccessLog accessLog,
        @DefaultValue @Valid Cache cache,
        @DefaultValue @Valid Compression compression,
        @DefaultValue @Valid Tls tls,
        @DefaultValue @NotNull @Valid Admin admin,
        @DefaultValue @NotNull @Valid ProxyProtocol proxyProtocol,
        @DefaultValue @NotNull @Valid Http2 http2) {

    // Bounds of a request line and of a head: below 64 B no real request fits, past 1 MB is no request line.
    static final long MIN_LINE_BYTES = 64;
    static final long MAX_LINE_BYTES = 1024 * 1024;

    /**
     * @param enabled     write one line per request to the {@code dev.netservices.web.access} logger
     * @param format      {@code combined} (NCSA combined: Common Log Format, referer, user agent) or {@code json}
     *                    (one JSON object per line)
     * @param file        unset: the lines go where that logger goes (the console); set: to this file only
     * @param maxFileSize the file rolls over at this size, and each day
     * @param maxHistory  days of rolled-over files kept
     */
    public record AccessLog(@DefaultValue("true") boolean enabled,
            @DefaultValue("combined") @NotNull AccessLogFormat.Name format, Path file,
            @DefaultValue("100MB") @NotNull @DataSizeRange(min = 1024) DataSize maxFileSize,
            @DefaultValue("14") @Min(1) @Max(3650) int maxHistory) {
    }

    /**
     * @param maxFileSize files up to this size are kept in memory (0 turns the cache off)
     * @param maxSize     the cache's total size (at most half the JVM's direct memory); when full, files not
     *                    in it are sent from disk by zero-copy
     */
    public record Cache(@DefaultValue("128KB") @NotNull DataSize maxFileSize, @DefaultValue("32MB") @NotNull DataSize maxSize) {
    }

    /**
     * @param enabled   answer text types gzip- or Brotli-coded when the client accepts it (precompressed
     *                  {@code .br}/{@code .gz} siblings as they are, else gzip made here for files up to
     *                  {@code web.cache.max-file-size})
     * @param minSize   smaller files go as they are
     * @param cacheSize heap kept for the gzip forms made here; when full, files not in it go uncompressed
     */
    public record Compression(@DefaultValue("true") boolean enabled, @DefaultValue("256B") @NotNull DataSize minSize,
            @DefaultValue("16MB") @NotNull DataSize cacheSize) {
    }

    /**
     * @param port     TCP port of HTTPS; 0 picks a free one
     * @param bundle   Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.NAME.*} or {@code .jks.NAME.*}) with
     *                 the certificate; unset: no HTTPS port. With the bundle's {@code reload-on-update=true} a
     *                 changed certificate serves new connections without a restart
     * @param redirect the plain port answers every request with 308 to the same path on the HTTPS port
     * @param maxHandshakes TLS handshakes in progress on one event loop; a new TLS connection past it is closed
     *                 at once (counted in {@code web.tls.handshakes.refused})
     * @param maxHandshakesPerAddress TLS handshakes in progress from one client address; the same past it
     * @param handshakeThreads threads for the handshakes' key exchange and signature work, off the event loops;
     *                 0 means one per CPU core
     */
    public record Tls(@DefaultValue("8443") @Min(0) @Max(65535) int port, String bundle,
            @DefaultValue("false") boolean redirect,
            @DefaultValue("256") @Min(1) @Max(100_000) int maxHandshakes,
            @DefaultValue("32") @Min(1) @Max(100_000) int maxHandshakesPerAddress,
            @DefaultValue("0") @Min(0) @Max(256) int handshakeThreads) {

        public boolean enabled() {
            return bundle != null && !bundle.isBlank();
        }

        public int handshakeThreadCount() {
            return Threads.perCoreIfZero(handshakeThreads);
        }

        // A rule across two settings, which no annotation on one component can state.
        @AssertTrue(message = "web.tls.redirect needs web.tls.bundle: there is no HTTPS port to redirect to")
        boolean isRedirectPossible() {
            return !redirect || enabled();
        }
    }

    public int eventLoopCount() {
        return Threads.perCoreIfZero(eventLoops);
    }

    public HttpLimits limits() {
        return new HttpLimits((int) maxRequestLine.toBytes(), (int) maxHeaderSize.toBytes(), maxHeaderCount,
                maxBodySize.toBytes(), headerTimeout, idleTimeout, maxConnections, maxConnectionsPerAddress,
                tls.maxHandshakes(), tls.maxHandshakesPerAddress());
    }

    /**
     * The management admin (HTTP Basic on the actuator's port): sees health details (root folder, certificate,
     * reactor limits) and {@code /actuator/metrics}. Guarded as chat's admin is (common's {@code AdminSecurity}),
     * with the same setting names.
     *
     * @param username                 admin user of the actuator's protected part
     * @param password                 admin password ({@code WEB_ADMIN_PASSWORD}); blank or unset: there is no admin,
     *                                 and nobody sees health details
     * @param failedLoginBurst         wrong credentials one source address may send at once; a try is taken before
     *                                 the password is checked and given back when it was right
     * @param failedLoginRefill        time in which such an address earns one more try back
     * @param failedLoginAddresses     source addresses (and accounts) whose budget is remembered at once
     * @param failedLoginAccountBurst  the reserve of one account for addresses whose own budget is spent
     * @param failedLoginAccountRefill time in which an account's reserve earns one more try back
     * @param maxBodySize              largest request body the actuator's port reads (413 past it)
     */
    public record Admin(
            @DefaultValue(AdminLogin.DEFAULT_USERNAME) @NotBlank String username,
            String password,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_BURST) @Min(1) @Max(1000) int failedLoginBurst,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_REFILL) @NotNull @DurationMin(millis = 1) @DurationMax(hours = 1) Duration failedLoginRefill,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_ADDRESSES) @Min(16) @Max(1000000) int failedLoginAddresses,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_ACCOUNT_BURST) @Min(1) @Max(1000) int failedLoginAccountBurst,
            @DefaultValue(AdminLogin.DEFAULT_FAILED_LOGIN_ACCOUNT_REFILL) @NotNull @DurationMin(millis = 1) @DurationMax(hours = 24) Duration failedLoginAccountRefill,
            @DefaultValue(AdminLogin.DEFAULT_MAX_BODY_SIZE) @NotNull @DataSizeRange(min = 1024, max = 16 * 1024 * 1024) DataSize maxBodySize) {

        /** Whether an admin is configured at all; without one the protected part answers 401 to everyone. */
        public boolean hasPassword() {
            return password != null && !password.isBlank();
        }

        /** What common's {@link AdminLogin} guard needs of these settings. */
        public AdminLogin login() {
            return new AdminLogin("web.admin", "web-service management", failedLoginBurst, failedLoginRefill,
                    failedLoginAddresses, failedLoginAccountBurst, failedLoginAccountRefill, maxBodySize);
        }
    }

    /**
     * @param enabled              h2 by ALPN on the TLS port and h2c with prior knowledge on the plain one; false:
     *                             HTTP/1.1 only
     * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS: a stream opened past it is refused (REFUSED_STREAM)
     * @param maxOpenFilesPerConnection streams of one connection whose response holds an open file (a file sent
     *                             from disk, not from the cache); a request complete past it waits unanswered until
     *                             one of them ends, so a client that opens no window holds this many files, not
     *                             one per stream
     */
    public record Http2(@DefaultValue("true") boolean enabled,
            @DefaultValue("" + Http2Options.DEFAULT_MAX_STREAMS) @Min(1) @Max(10_000) int maxConcurrentStreams,
            @DefaultValue("" + Http2Options.DEFAULT_MAX_OPEN_FILES_PER_CONNECTION) @Min(1) @Max(10_000)
            int maxOpenFilesPerConnection) {
    }

    /**
     * @param trusted IP addresses or CIDR blocks of the balancers whose connections start with a PROXY protocol v2
     *                header naming the client (as nginx's {@code set_real_ip_from}); empty, the default: the protocol
     *                is off. A trusted peer's connection without a valid header is refused
     */
    public record ProxyProtocol(@DefaultValue @NotNull List<String> trusted) {

        public TrustedProxies trustedProxies() {
            return TrustedProxies.parse(trusted);
        }

        @AssertTrue(message = "web.proxy-protocol.trusted holds an entry that is not an IP address or CIDR block")
        public boolean isTrustedValid() {
            try {
                trustedProxies();
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
