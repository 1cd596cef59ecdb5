package dev.netservices.common.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * What each service's {@link FixedSettings} must hold: every property condition of its classes reads a setting the
 * start compares with the build's, and one setting given, as a variable, the value its absence means compares equal
 * to a build that left it out. A service's test extends it and names its own.
 */
public abstract class FixedSettingsContract {

    private final FixedSettings fixed;
    private final String rootPackage;
    private final DefaultedSetting defaulted;

    /**
     * @param fixed       the service's settings
     * @param rootPackage the service's root package
     * @param defaulted   one setting with a matchIfMissing default
     */
    protected FixedSettingsContract(FixedSettings fixed, String rootPackage, DefaultedSetting defaulted) {
        this.fixed = fixed;
        this.rootPackage = rootPackage;
        this.defaulted = defaulted;
    }

    /**
     * @param name        as the comparison spells it (lower case, no dashes)
     * @param variable    the environment variable that sets it
     * @param absentMeans what a condition reads where it is absent
     * @param other       another value
     */
    public record DefaultedSetting(String name, String variable, String absentMeans, String other) {
    }

    @Test
    void everyPropertyConditionOfTheServiceReadsAFixedSetting() {
        assertThat(PropertyConditions.readUnder(rootPackage)).isNotEmpty()
                .allSatisfy(name -> assertThat(fixed.covers(name)).as(name).isTrue());
    }

    @Test
    void aSettingGivenTheValueItsAbsenceMeansComparesEqualToTheBuildThatLeftItOut() {
        DefaultedSetting s = defaulted;
        Map<String, String> built = fixed.read(environment(Map.of()));

        assertThat(FixedSettings.firstDifference(built, fixed.read(environment(Map.of(s.variable(), s.absentMeans())))))
                .isNull();
        assertThat(FixedSettings.firstDifference(built, fixed.read(environment(Map.of(s.variable(), s.other())))))
                .isEqualTo(s.name());
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
