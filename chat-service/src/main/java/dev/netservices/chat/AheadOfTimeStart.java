package dev.netservices.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Starts from Spring AOT's generated context (spring.aot.enabled) only when the settings its build fixed are the
 * ones this start has, and the plain way otherwise (docs/containers.md, "Start-up").
 *
 * Spring AOT (the spring-boot-maven-plugin's process-aot) evaluates every condition once, at build time: with it on,
 * chat.cluster.enabled=true would start one node without its cluster. So the build records the values the conditions
 * read ({@link Recorder}, in META-INF/spring/aot.factories), and the start, once its environment is prepared (every
 * source: variables, arguments, files, Docker secrets), compares them: equal, it uses the generated context (a fifth
 * less start); any of them different, or the record absent (a jar built without process-aot, the tests), it starts
 * the plain way. Only main() adds it, so a test context never turns Spring AOT on.
 */
final class AheadOfTimeStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** The record's place in the jar; the build writes it next to the generated classes. */
    static final String RECORD = "META-INF/netservices/aot-settings.properties";

    /**
     * The settings (with everything under them) a condition of this service reads: ours, and Spring Boot's that an
     * operator may set (profiles, the management server, endpoints, health indicators, Redis's auto-configurations).
     * One too many only costs the AOT start when it is set; one missing would start the wrong beans, so
     * AheadOfTimeStartTest holds our own conditions' names to this list.
     */
    static final List<String> FIXED = List.of(
            "chat.cluster",
            "spring.profiles", "spring.main", "spring.threads", "spring.jmx", "spring.integration", "spring.data.redis",
            "spring.security", "server.ssl", "management.server", "management.endpoint", "management.endpoints",
            "management.health", "management.info", "management.prometheus", "management.defaults");

    /**
     * What a condition reads where a setting is absent (its matchIfMissing), so that a start which sets it to
     * that, as compose does, compares equal to a build that left it out. Names spelled as {@link #fixedSettings}.
     */
    static final Map<String, String> UNSET = Map.of("chat.cluster.enabled", "false");

    private static final Log log = LogFactory.getLog(AheadOfTimeStart.class);

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        // Explicit spring.aot.enabled (either way) wins; the build's own AOT run must not switch it on.
        if (System.getProperty("spring.aot.enabled") != null || Boolean.getBoolean("spring.aot.processing")) {
            return;
        }
        Map<String, String> built = recorded(event.getSpringApplication().getClassLoader());
        if (built == null) {
            return;
        }
        String changed = firstDifference(built, fixedSettings(event.getEnvironment()));
        if (changed == null) {
            System.setProperty("spring.aot.enabled", "true");
            log.info("Starting from the build's Spring AOT context: the settings it fixed are unchanged");
        } else {
            // The setting's name only: its value may be a secret (spring.data.redis.password).
            log.info("Starting without Spring AOT: " + changed + " differs from the build's");
        }
    }

    /** The values of the {@link #FIXED} settings, by name lower-cased without dashes (as a variable spells it). */
    static Map<String, String> fixedSettings(Environment environment) {
        List<ConfigurationPropertyName> fixed = FIXED.stream().map(ConfigurationPropertyName::of).toList();
        Map<String, String> settings = new TreeMap<>();
        // In the environment's order, so the first source to name a setting gives its value, as for a binding.
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource names) {
                names.stream()
                        .filter(name -> fixed.stream().anyMatch(f -> f.equals(name) || f.isAncestorOf(name)))
                        .forEach(name -> {
                            ConfigurationProperty property = source.getConfigurationProperty(name);
                            if (property != null && property.getValue() != null) {
                                settings.putIfAbsent(spelling(name), String.valueOf(property.getValue()).strip());
                            }
                        });
            }
        }
        UNSET.forEach(settings::putIfAbsent);
        return settings;
    }

    /** The first setting set differently (or only) on one side, or null when both are the same. */
    static String firstDifference(Map<String, String> built, Map<String, String> now) {
        TreeMap<String, String> names = new TreeMap<>(built);
        names.putAll(now);
        return names.keySet().stream()
                .filter(name -> !String.valueOf(built.get(name)).equals(String.valueOf(now.get(name))))
                .findFirst().orElse(null);
    }

    private static String spelling(ConfigurationPropertyName name) {
        return name.toString().replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> recorded(ClassLoader classLoader) {
        try (InputStream in = classLoader.getResourceAsStream(RECORD)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> built = new TreeMap<>();
            properties.stringPropertyNames().forEach(name -> built.put(name, properties.getProperty(name)));
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RECORD, e);
        }
    }

    /** Writes the build's values of the fixed settings into the jar, beside the generated context. */
    static final class Recorder implements BeanFactoryInitializationAotProcessor {

        @Override
        public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
            Properties built = new Properties();
            built.putAll(fixedSettings(beanFactory.getBean(Environment.class)));
            StringWriter text = new StringWriter();
            try {
                built.store(text, "The settings Spring AOT fixed at build time (AheadOfTimeStart)");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return (generation, code) -> generation.getGeneratedFiles().addResourceFile(RECORD, text.toString());
        }
    }
}
