package dev.netservices.web.support;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.netservices.web.WebProperties;
import dev.netservices.web.http.HttpLimits;

/**
 * Limits for tests, by name: {@code TestLimits.builder().maxConnections(3).build()}. What a test does not
 * name is the server's default, bound from WebProperties, so the defaults stay written once.
 */
public final class TestLimits {

    public static final HttpLimits DEFAULTS = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("web", WebProperties.class).limits();

    private int maxRequestLineBytes = DEFAULTS.maxRequestLineBytes();
    private int maxHeaderBytes = DEFAULTS.maxHeaderBytes();
    private int maxHeaderCount = DEFAULTS.maxHeaderCount();
    private long maxBodyBytes = DEFAULTS.maxBodyBytes();
    private Duration headerTimeout = DEFAULTS.headerTimeout();
    private Duration idleTimeout = DEFAULTS.idleTimeout();
    private int maxConnections = DEFAULTS.maxConnections();
    private int maxConnectionsPerAddress = DEFAULTS.maxConnectionsPerAddress();
    private int maxHandshakes = DEFAULTS.maxHandshakes();
    private int maxHandshakesPerAddress = DEFAULTS.maxHandshakesPerAddress();

    private TestLimits() {
    }

    public static TestLimits builder() {
        return new TestLimits();
    }

    public TestLimits maxRequestLineBytes(int bytes) {
        maxRequestLineBytes = bytes;
        return this;
    }

    public TestLimits maxHeaderBytes(int bytes) {
        maxHeaderBytes = bytes;
        return this;
    }

    public TestLimits maxHeaderCount(int count) {
        maxHeaderCount = count;
        return this;
    }

    public TestLimits maxBodyBytes(long bytes) {
        maxBodyBytes = bytes;
        return this;
    }

    public TestLimits headerTimeout(Duration timeout) {
        headerTimeout = timeout;
        return this;
    }

    public TestLimits idleTimeout(Duration timeout) {
        idleTimeout = timeout;
        return this;
    }

    public TestLimits maxConnections(int max) {
        maxConnections = max;
        return this;
    }

    public TestLimits maxConnectionsPerAddress(int max) {
        maxConnectionsPerAddress = max;
        return this;
    }

    public TestLimits maxHandshakes(int max) {
        maxHandshakes = max;
        return this;
    }

    public TestLimits maxHandshakesPerAddress(int max) {
        maxHandshakesPerAddress = max;
        return this;
    }

    public HttpLimits build() {
        return new HttpLimits(maxRequestLineBytes, maxHeaderBytes, maxHeaderCount, maxBodyBytes, headerTimeout,
                idleTimeout, maxConnections, maxConnectionsPerAddress, maxHandshakes, maxHandshakesPerAddress);
    }
}
