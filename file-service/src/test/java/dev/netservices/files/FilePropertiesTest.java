package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.netservices.files.account.Access;

/** Settings bind from their documented names with safe defaults, and a bad value stops start-up saying which. */
class FilePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(FileProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void defaultsAreTheDocumentedOnes() {
        runner.run(context -> {
            FileProperties files = context.getBean(FileProperties.class);
            assertThat(files.port()).isEqualTo(8888);
            assertThat(files.root().normalize()).isEqualTo(Path.of("files-library"));
            assertThat(files.maxSessions()).isEqualTo(100);
            assertThat(files.maxFileSize()).isEqualTo(DataSize.ofGigabytes(4));
            assertThat(files.overwrite()).isFalse();
            assertThat(files.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
            assertThat(files.limits().maxLineBytes()).isEqualTo(1024);
            assertThat(files.limits().maxDiscardBytes()).isEqualTo(16L << 20);
            assertThat(files.limits().maxSessions()).isEqualTo(100);
            assertThat(files.limits().maxSessionsPerAddress()).isEqualTo(10);
            assertThat(files.limits().firstCommandTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(files.login().accountFailureBurst()).isEqualTo(20);
            assertThat(files.login().accountFailureRefill()).isEqualTo(Duration.ofMinutes(1));
            assertThat(files.login().concurrentChecks()).isEqualTo(2 * Runtime.getRuntime().availableProcessors());
            assertThat(files.login().maxCheckWait()).isEqualTo(Duration.ofSeconds(3));
            assertThat(files.storeLimits().maxFileSize()).isEqualTo(4L << 30);
            assertThat(files.storeLimits().quota()).isEqualTo(20L << 30);
            assertThat(files.storeLimits().minFreeSpace()).isEqualTo(100L << 20);
        });
    }

    @Test
    void accessAndTlsSettingsBindWithTheirDocumentedDefaults() {
        runner.run(context -> {
            FileProperties files = context.getBean(FileProperties.class);
            assertThat(files.fsync()).isTrue();
            assertThat(files.anonymousAccess()).as("no users file").isEqualTo(Access.READ_WRITE);
            assertThat(files.plainLogin()).isFalse();
            assertThat(files.tls().port()).isEqualTo(8889);
            assertThat(files.tls().bundle()).isNull();
            assertThat(files.login().failureBurst()).isEqualTo(5);
            assertThat(files.login().failureRefill()).isEqualTo(Duration.ofMinutes(1));
            assertThat(files.login().failureAddresses()).isEqualTo(10_000);
            assertThat(files.login().failureDelay()).isEqualTo(Duration.ofSeconds(1));
        });
        runner.withPropertyValues("files.users-file=users").run(context ->
                assertThat(context.getBean(FileProperties.class).anonymousAccess()).as("with a users file").isEqualTo(Access.READ));
        runner.withPropertyValues("files.users-file=users", "files.anonymous=read-write", "files.tls.bundle=files", "files.fsync=false")
                .run(context -> {
                    FileProperties files = context.getBean(FileProperties.class);
                    assertThat(files.anonymousAccess()).isEqualTo(Access.READ_WRITE);
                    assertThat(files.tls().bundle()).isEqualTo("files");
                    assertThat(files.fsync()).isFalse();
                });
        runner.withPropertyValues("files.anonymous=none").run(context ->
                assertThat(context.getBean(FileProperties.class).anonymousAccess()).isEqualTo(Access.NONE));
        runner.withPropertyValues("files.login.failure-burst=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("failureBurst"));
    }

    @Test
    void relaxedNamesBind() {
        runner.withPropertyValues("files.max-sessions=7", "files.max-file-size=10MB", "files.min-transfer-rate=64KB",
                "files.idle-timeout=300ms").run(context -> {
                    FileProperties files = context.getBean(FileProperties.class);
                    assertThat(files.maxSessions()).isEqualTo(7);
                    assertThat(files.maxFileSize().toBytes()).isEqualTo(10L << 20);
                    assertThat(files.minTransferRate().toBytes()).isEqualTo(64L << 10);
                    assertThat(files.idleTimeout()).isEqualTo(Duration.ofMillis(300));
                });
    }

    @Test
    void invalidValuesStopStartUpNamingTheSetting() {
        runner.withPropertyValues("files.max-sessions=0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("maxSessions"));
        runner.withPropertyValues("files.port=70000").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("port"));
        runner.withPropertyValues("files.quota=0B").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("files.quota").hasMessageContaining("must be at least 1 bytes"));
        runner.withPropertyValues("files.min-free-space=-1B").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("files.min-free-space")
                .hasMessageContaining("must be at least 0 bytes"));
        runner.withPropertyValues("files.idle-timeout=1ms").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("files.idle-timeout").hasMessageContaining("10 millis"));
        runner.withPropertyValues("files.login.failure-delay=2m").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("login.failureDelay").hasMessageContaining("1 minute"));
        runner.withPropertyValues("files.login.failure-refill=0s").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("login.failureRefill"));
    }
}
