package dev.netservices.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The start uses Spring AOT's generated context only with the settings its build fixed, and every condition of
 * ours reads a setting the comparison covers.
 */
class AheadOfTimeStartTest {

    @TempDir
    Path jar;

    @AfterEach
    void forgetTheChoice() {
        System.clearProperty("spring.aot.enabled");
    }

    @Test
    void startsFromTheGeneratedContextWhenTheFixedSettingsAreTheBuilds() throws IOException {
        record("chat.cluster.enabled=false\n");

        start(environment(Map.of("chat.cluster.enabled", "false", "chat.history.lines", "500")));

        assertThat(System.getProperty("spring.aot.enabled")).isEqualTo("true");
    }

    @Test
    void startsThePlainWayWhenAVariableChangesAFixedSetting() throws IOException {
        record("chat.cluster.enabled=false\n");
        StandardEnvironment environment = environment(Map.of("chat.cluster.enabled", "false"));
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("CHAT_CLUSTER_ENABLED", "true")));

        start(environment);

        assertThat(System.getProperty("spring.aot.enabled")).isNull();
    }

    @Test
    void startsThePlainWayWhenAFixedSettingIsSetThatTheBuildLeftUnset() throws IOException {
        record("chat.cluster.enabled=false\n");

        start(environment(Map.of("chat.cluster.enabled", "false", "management.server.port", "9000")));

        assertThat(System.getProperty("spring.aot.enabled")).isNull();
    }

    @Test
    void takesASettingSetToWhatItsAbsenceMeansAsTheBuildsThatLeftItOut() {
        Map<String, String> built = AheadOfTimeStart.fixedSettings(environment(Map.of()));
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of("CHAT_CLUSTER_ENABLED", "false")));

        assertThat(AheadOfTimeStart.firstDifference(built, AheadOfTimeStart.fixedSettings(environment))).isNull();
    }

    @Test
    void startsThePlainWayWithoutARecord() {
        start(environment(Map.of()));

        assertThat(System.getProperty("spring.aot.enabled")).isNull();
    }

    @Test
    void readsAVariableAndAFileSpellingOfOneSettingAlike() {
        StandardEnvironment file = environment(Map.of("management.health.redis.enabled", "false"));
        StandardEnvironment variable = environment(Map.of());
        variable.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("MANAGEMENT_HEALTH_REDIS_ENABLED", "false")));

        assertThat(AheadOfTimeStart.firstDifference(AheadOfTimeStart.fixedSettings(file),
                AheadOfTimeStart.fixedSettings(variable))).isNull();
    }

    @Test
    void everyPropertyConditionOfOursReadsAFixedSetting() {
        List<String> read = new ArrayList<>();
        new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.netservices.chat").forEach(type -> {
                    Class<?> reflected = type.reflect();
                    Stream.concat(Stream.of(reflected), Arrays.stream(reflected.getDeclaredMethods()))
                            .forEach(element -> read.addAll(conditionNames(element)));
                });

        assertThat(read).isNotEmpty().allSatisfy(name -> assertThat(AheadOfTimeStart.FIXED)
                .anyMatch(fixed -> name.equals(fixed) || name.startsWith(fixed + ".")));
    }

    private static List<String> conditionNames(AnnotatedElement element) {
        List<String> names = new ArrayList<>();
        ConditionalOnProperty property = element.getAnnotation(ConditionalOnProperty.class);
        if (property != null) {
            Stream.concat(Arrays.stream(property.name()), Arrays.stream(property.value()))
                    .forEach(name -> names.add(qualified(property.prefix(), name)));
        }
        ConditionalOnBooleanProperty flag = element.getAnnotation(ConditionalOnBooleanProperty.class);
        if (flag != null) {
            Stream.concat(Arrays.stream(flag.name()), Arrays.stream(flag.value()))
                    .forEach(name -> names.add(qualified(flag.prefix(), name)));
        }
        return names;
    }

    private static String qualified(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix.replaceAll("\\.$", "") + "." + name;
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

    private void start(StandardEnvironment environment) {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            SpringApplication application = new SpringApplication(new DefaultResourceLoader(loader), Object.class);
            new AheadOfTimeStart().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                    new DefaultBootstrapContext(), application, new String[0], environment));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
