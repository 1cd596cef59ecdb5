package dev.netservices.common.startup;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * The settings (with everything under them) whose values Spring AOT fixes at build time because a condition reads
 * them: a service's own and Spring Boot's that an operator may set. One too many only costs the AOT start when it is
 * set; one missing would start the wrong beans, so each service's test holds its conditions' names to the list.
 *
 * @param names the settings, each with everything under it
 * @param unset what a condition reads where a setting is absent (its matchIfMissing), so that a start which sets it
 *              to that, as compose does, compares equal to a build that left it out; names spelled as {@link #read}
 */
public record FixedSettings(List<String> names, Map<String, String> unset) {

    /** Spring Boot's settings that every service's auto-configurations read. */
    private static final List<String> BOOT = List.of(
            "spring.profiles", "spring.main", "spring.threads", "spring.jmx", "server.ssl", "management.server",
            "management.endpoint", "management.endpoints", "management.health", "management.info",
            "management.prometheus", "management.defaults");

    public FixedSettings {
        names = List.copyOf(names);
        unset = Map.copyOf(unset);
    }

    /** A service's own settings (and Spring Boot's it reads beyond {@link #BOOT}) with Spring Boot's common ones. */
    public static FixedSettings of(List<String> own, Map<String, String> unset) {
        return new FixedSettings(Stream.concat(own.stream(), BOOT.stream()).toList(), unset);
    }

    /** Whether a setting a condition reads is one of these or under one of them. */
    public boolean covers(String name) {
        return names.stream().anyMatch(fixed -> name.equals(fixed) || name.startsWith(fixed + "."));
    }

    /** The values these settings have, by name lower-cased without dashes (as a variable spells it). */
    public Map<String, String> read(Environment environment) {
        List<ConfigurationPropertyName> fixed = names.stream().map(ConfigurationPropertyName::of).toList();
        Map<String, String> settings = new TreeMap<>();
        // In the environment's order, so the first source to name a setting gives its value, as for a binding.
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream()
                        .filter(name -> fixed.stream().anyMatch(f -> f.equals(name) || f.isAncestorOf(name)))
                        .forEach(name -> {
                            ConfigurationProperty property = source.getConfigurationProperty(name);
                            if (property != null && property.getValue() != null) {
                                settings.putIfAbsent(spelling(name), String.valueOf(property.getValue()).strip());
                            }
                        });
            }
        }
        unset.forEach(settings::putIfAbsent);
        return settings;
    }

    /** The first setting set differently (or only) on one side, or null when both are the same. */
    public static String firstDifference(Map<String, String> built, Map<String, String> now) {
        TreeMap<String, String> all = new TreeMap<>(built);
        all.putAll(now);
        return all.keySet().stream()
                .filter(name -> !String.valueOf(built.get(name)).equals(String.valueOf(now.get(name))))
                .findFirst().orElse(null);
    }

    private static String spelling(ConfigurationPropertyName name) {
        return name.toString().replace("-", "").toLowerCase(Locale.ROOT);
    }
}
