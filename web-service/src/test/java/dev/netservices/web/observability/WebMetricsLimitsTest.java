package dev.netservices.web.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.netservices.common.time.ServiceClock;
import dev.netservices.web.files.OpenFiles;
import dev.netservices.web.reactor.ConnectionCeiling;
import dev.netservices.web.reactor.ServerStats;

/** Each limit in force is a gauge beside its count, so that an alert divides one by the other. */
class WebMetricsLimitsTest {

    private static final long MIB = 1024 * 1024;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebMetrics metrics = new WebMetrics(registry, new ServerStats(ServiceClock.SYSTEM), null);

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void theOpenFilesLimitIsTheSettingBesideTheFilesHeld() {
        metrics.watch(OpenFiles.of(123));

        assertThat(gauge("web.files.open.limit")).isEqualTo(123);
        assertThat(gauge("web.files.open")).isZero();
    }

    @Test
    void theOpenFilesLimitOfZeroIsExportedAsHalfTheDescriptorLimit() {
        metrics.watch(OpenFiles.of(0));

        assertThat(gauge("web.files.open.limit")).isEqualTo(OpenFiles.descriptorLimit() / 2);
    }

    @Test
    void theConnectionLimitIsTheSettingWhenTheHeapHoldsMore() {
        metrics.watch(ConnectionCeiling.of(300, 1024 * MIB, false));

        assertThat(gauge("web.connections.limit")).isEqualTo(300);
    }

    @Test
    void theConnectionLimitIsTheHeapsCeilingWhenThatIsLower() {
        // half of 96 MiB at 96 KiB a TLS connection: 512, not the 10,000 set
        metrics.watch(ConnectionCeiling.of(10_000, 96 * MIB, true));

        assertThat(gauge("web.connections.limit")).isEqualTo(512);
    }
}
