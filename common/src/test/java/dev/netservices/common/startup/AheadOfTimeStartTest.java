package dev.netservices.common.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

/** The start uses Spring AOT's generated context only with the settings its build fixed. */
class AheadOfTimeStartTest {

    private static final FixedSettings FIXED = FixedSettings.of(List.of("demo.store"), Map.of("demo.store", "local"));

    @TempDir
    Path jar;

    @AfterEach
    void forgetTheChoice() {
        System.clearProperty("spring.aot.enabled");
    }

    @Test
    void startsFromTheGeneratedContextWhenTheFixedSettingsAreTheBuilds() throws IOException {
        record("demo.store=local\n");

        start(environment(Map.of("demo.store", "local", "demo.root", "/srv")));

        assertThat(System.getProperty("spring.aot.enabled")).isEqualTo("true");
    }

    @Test
    void startsThePlainWayWhenAVariableChangesAFixedSetting() throws IOException {
        record("demo.store=local\n");

        start(withVariable(environment(Map.of("demo.store", "local")), "DEMO_STORE", "s3"));

        assertThat(System.getProperty("spring.aot.enabled")).isNull();
    }

    @Test
    void startsThePlainWayWhenAFixedSettingIsSetThatTheBuildLeftUnset() throws IOException {
        record("demo.store=local\n");

        start(environment(Map.of("demo.store", "local", "management.server.port", "9000")));

        assertThat(System.getProperty("spring.aot.enabled")).isNull();
    }

    @Test
    void startsThePlainWayWithoutARecord() {
        start(environment(Map.of()));

        assertThat(System.getProperty("spring.aot.enabled")).isNull();
    }

    @Test
    void takesASettingSetToWhatItsAbsenceMeansAsTheBuildsThatLeftItOut() {
        Map<String, String> built = FIXED.read(environment(Map.of()));

        assertThat(FixedSettings.firstDifference(built,
                FIXED.read(withVariable(environment(Map.of()), "DEMO_STORE", "local")))).isNull();
        assertThat(FixedSettings.firstDifference(built,
                FIXED.read(withVariable(environment(Map.of()), "DEMO_STORE", "s3")))).isEqualTo("demo.store");
    }

    @Test
    void readsAVariableAndAFileSpellingOfOneSettingAlike() {
        StandardEnvironment file = environment(Map.of("management.health.diskspace.enabled", "false"));
        StandardEnvironment variable = withVariable(environment(Map.of()), "MANAGEMENT_HEALTH_DISKSPACE_ENABLED", "false");

        assertThat(FixedSettings.firstDifference(FIXED.read(file), FIXED.read(variable))).isNull();
    }

    @Test
    void coversASettingAndWhatIsUnderItButNotANameThatOnlyStartsAlike() {
        assertThat(FIXED.covers("demo.store")).isTrue();
        assertThat(FIXED.covers("demo.store.s3.bucket")).isTrue();
        assertThat(FIXED.covers("demo.stores")).isFalse();
    }

    private void record(String settings) throws IOException {
        Path file = jar.resolve(AheadOfTimeStart.RECORD);
        Files.createDirectories(file.getParent());
        Files.writeString(file, settings);
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", settings));
        return environment;
    }

    private static StandardEnvironment withVariable(StandardEnvironment environment, String name, String value) {
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, value)));
        return environment;
    }

    private void start(StandardEnvironment environment) {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            SpringApplication application = new SpringApplication(new DefaultResourceLoader(loader), Object.class);
            new AheadOfTimeStart(FIXED).onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                    new DefaultBootstrapContext(), application, new String[0], environment));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
