package dev.netservices.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netservices.common.startup.FixedSettings;
import dev.netservices.common.startup.PropertyConditions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every condition of ours reads a setting the start compares with the build's; an absent one reads as its default. */
class AheadOfTimeSettingsTest {

    @Test
    void everyPropertyConditionOfOursReadsAFixedSetting() {
        assertThat(PropertyConditions.readUnder("dev.netservices.files")).isNotEmpty()
                .allSatisfy(name -> assertThat(AheadOfTimeSettings.FIXED.covers(name)).as(name).isTrue());
    }

    @Test
    void aSettingGivenTheValueItsAbsenceMeansComparesEqualToTheBuildThatLeftItOut() {
        Map<String, String> built = AheadOfTimeSettings.FIXED.read(environment(Map.of()));

        assertThat(FixedSettings.firstDifference(built, AheadOfTimeSettings.FIXED.read(environment(Map.of("FILES_STORE", "local")))))
                .isNull();
        assertThat(FixedSettings.firstDifference(built, AheadOfTimeSettings.FIXED.read(environment(Map.of("FILES_STORE", "s3")))))
                .isEqualTo("files.store");
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
