package dev.netservices.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Settings bind from relaxed names, have safe defaults, and a bad value stops start-up with a message naming it. */
class WebPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WebProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class, ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsAreTheDocumentedOnes() {
        runner.run(context -> {
            WebProperties properties = context.getBean(WebProperties.class);
            assertThat(properties.port()).isEqualTo(8080);
            assertThat(properties.root()).isNull();
            assertThat(properties.eventLoopCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(properties.limits().maxRequestLineBytes()).isEqualTo(8192);
            assertThat(properties.limits().maxHeaderBytes()).isEqualTo(16384);
            assertThat(properties.limits().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.limits().maxConnections()).isEqualTo(10_000);
            assertThat(properties.maxOpenFiles()).as("0: half the descriptor limit").isZero();
            assertThat(properties.directoryListing()).isFalse();
            assertThat(properties.accessLog().enabled()).isTrue();
            assertThat(properties.accessLog().file()).isNull();
        });
    }

    @Test
    void relaxedNamesBind() {
        runner.withPropertyValues("web.port=9090", "web.event-loops=3", "web.max-header-size=4KB",
                "web.access-log.enabled=false", "web.header-timeout=300ms").run(context -> {
            WebProperties properties = context.getBean(WebProperties.class);
            assertThat(properties.port()).isEqualTo(9090);
            assertThat(properties.eventLoopCount()).isEqualTo(3);
            assertThat(properties.limits().maxHeaderBytes()).isEqualTo(4096);
            assertThat(properties.accessLog().enabled()).isFalse();
            assertThat(properties.limits().headerTimeout()).isEqualTo(Duration.ofMillis(300));
        });
    }

    @Test
    void aNegativeLimitOfOpenFilesStopsStartUpNamingIt() {
        runner.withPropertyValues("web.max-open-files=-1").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxOpenFiles"));
    }

    @Test
    void noTlsPortUnlessABundleIsNamedAndARedirectNeedsOne() {
        runner.run(context -> {
            WebProperties.Tls tls = context.getBean(WebProperties.class).tls();
            assertThat(tls.enabled()).isFalse();
            assertThat(tls.port()).isEqualTo(8443);
            assertThat(tls.redirect()).isFalse();
        });
        runner.withPropertyValues("web.tls.bundle=site", "web.tls.port=0", "web.tls.redirect=true").run(context -> {
            WebProperties.Tls tls = context.getBean(WebProperties.class).tls();
            assertThat(tls.enabled()).isTrue();
            assertThat(tls.bundle()).isEqualTo("site");
            assertThat(tls.port()).isZero();
        });
        runner.withPropertyValues("web.tls.redirect=true").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("web.tls.redirect needs web.tls.bundle"));
    }

    @Test
    void proxyProtocolIsOffByDefaultAndTakesAddressesAndBlocksButNotNames() {
        runner.run(context -> assertThat(context.getBean(WebProperties.class).proxyProtocol().trustedProxies().isEmpty()).isTrue());
        runner.withPropertyValues("web.proxy-protocol.trusted=10.0.0.0/8,2001:db8::1").run(context -> {
            var trusted = context.getBean(WebProperties.class).proxyProtocol().trustedProxies();
            assertThat(trusted.contains(java.net.InetAddress.getByName("10.1.2.3"))).isTrue();
            assertThat(trusted.contains(java.net.InetAddress.getByName("2001:db8::1"))).isTrue();
            assertThat(trusted.contains(java.net.InetAddress.getByName("11.0.0.1"))).isFalse();
        });
        runner.withPropertyValues("web.proxy-protocol.trusted=balancer.example").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("web.proxy-protocol.trusted"));
        runner.withPropertyValues("web.access-log.format=json").run(context ->
                assertThat(context.getBean(WebProperties.class).accessLog().format())
                        .isEqualTo(dev.netservices.web.accesslog.AccessLogFormat.Name.JSON));
    }

    @Test
    void sizesOutOfTheirRangeStopStartUp() {
        runner.withPropertyValues("web.max-header-size=2MB").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxHeaderSize"));
        runner.withPropertyValues("web.access-log.max-file-size=10B").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxFileSize"));
        runner.withPropertyValues("web.header-timeout=-1s").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("headerTimeout"));
        runner.withPropertyValues("web.max-request-line=64B", "web.max-header-size=1MB", "web.max-body-size=0B")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void zeroEventLoopsMeansOnePerCoreLikeUnset() {
        runner.withPropertyValues("web.event-loops=0").run(context -> assertThat(context.getBean(WebProperties.class)
                .eventLoopCount()).isEqualTo(Runtime.getRuntime().availableProcessors()));
    }

    @Test
    void badValuesStopStartUpNamingTheSetting() {
        runner.withPropertyValues("web.port=70000").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("port"));
        runner.withPropertyValues("web.idle-timeout=0s").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("idleTimeout"));
        runner.withPropertyValues("web.event-loops=-1").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("eventLoops"));
        runner.withPropertyValues("web.max-request-line=10B").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxRequestLine"));
        runner.withPropertyValues("web.max-connections-per-address=0").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxConnectionsPerAddress"));
        runner.withPropertyValues("web.tls.max-handshakes=0").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxHandshakes"));
        runner.withPropertyValues("web.tls.max-handshakes-per-address=-1").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("maxHandshakesPerAddress"));
        runner.withPropertyValues("web.tls.handshake-threads=-1").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("handshakeThreads"));
    }

    @Test
    void handshakeAndAddressCapsHaveTheirDefaults() {
        runner.run(context -> {
            WebProperties properties = context.getBean(WebProperties.class);
            assertThat(properties.limits().maxConnectionsPerAddress()).isEqualTo(256);
            assertThat(properties.limits().maxHandshakes()).isEqualTo(256);
            assertThat(properties.limits().maxHandshakesPerAddress()).isEqualTo(32);
            assertThat(properties.tls().handshakeThreadCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
        });
    }
}
