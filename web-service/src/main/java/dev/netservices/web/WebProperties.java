package dev.netservices.web;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.netservices.web.http.HttpLimits;

/**
 * Settings of the web server ({@code web.*}).
 *
 * @param port             TCP port of the HTTP server; 0 picks a free one
 * @param root             folder served; unset or blank serves the bundled demo site
 * @param eventLoops       event loop threads; unset means one per CPU core
 * @param idleTimeout      a kept-alive connection without a request is closed after this
 * @param headerTimeout    a request whose head (and body) is not complete after this gets 408
 * @param maxConnections   open connections past this are answered 503 and closed
 * @param maxRequestLine   longest request line (414 past it)
 * @param maxHeaderSize    all header lines together (431 past it)
 * @param maxHeaderCount   header fields per request (431 past it)
 * @param maxBodySize      request bodies are read and discarded up to this (413 past it)
 * @param directoryListing list folders that have no index.html (else 403)
 * @param accessLog        the Common Log Format access log
 * @param cache            the in-memory cache of small files
 */
@ConfigurationProperties("web")
@Validated
public record WebProperties(
        @DefaultValue("8080") @Min(0) @Max(65535) int port,
        String root,
        @Min(1) @Max(256) Integer eventLoops,
        @DefaultValue("60s") @NotNull Duration idleTimeout,
        @DefaultValue("10s") @NotNull Duration headerTimeout,
        @DefaultValue("10000") @Min(1) @Max(1_000_000) int maxConnections,
        @DefaultValue("8KB") @NotNull DataSize maxRequestLine,
        @DefaultValue("16KB") @NotNull DataSize maxHeaderSize,
        @DefaultValue("100") @Min(1) @Max(10_000) int maxHeaderCount,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("false") boolean directoryListing,
        @DefaultValue @Valid AccessLog accessLog,
        @DefaultValue @Valid Cache cache) {

    public WebProperties {
        requirePositive("web.idle-timeout", idleTimeout);
        requirePositive("web.header-timeout", headerTimeout);
        requireBetween("web.max-request-line", maxRequestLine, 64, 1024 * 1024);
        requireBetween("web.max-header-size", maxHeaderSize, 64, 1024 * 1024);
        requireBetween("web.max-body-size", maxBodySize, 0, Long.MAX_VALUE);
    }

    /** @param enabled write one Common Log Format line per request to the {@code dev.netservices.web.access} logger */
    public record AccessLog(@DefaultValue("true") boolean enabled) {
    }

    /**
     * @param maxFileSize files up to this size are kept in memory (0 turns the cache off)
     * @param maxSize     the cache's total size; when full it starts over
     */
    public record Cache(@DefaultValue("128KB") @NotNull DataSize maxFileSize, @DefaultValue("32MB") @NotNull DataSize maxSize) {
    }

    public int eventLoopCount() {
        return eventLoops != null ? eventLoops : Runtime.getRuntime().availableProcessors();
    }

    public HttpLimits limits() {
        return new HttpLimits((int) maxRequestLine.toBytes(), (int) maxHeaderSize.toBytes(), maxHeaderCount,
                maxBodySize.toBytes(), headerTimeout, idleTimeout, maxConnections);
    }

    private static void requirePositive(String name, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requireBetween(String name, DataSize value, long min, long max) {
        if (value != null && (value.toBytes() < min || value.toBytes() > max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " bytes, was " + value);
        }
    }
}
