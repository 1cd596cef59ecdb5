package dev.netservices.common.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Starts from Spring AOT's generated context (spring.aot.enabled) only when the settings its build fixed are the
 * ones this start has, and the plain way otherwise (docs/containers.md, "Start-up").
 *
 * Spring AOT (the spring-boot-maven-plugin's process-aot) evaluates every condition once, at build time: with it on,
 * chat.cluster.enabled=true would start one node without its cluster. So the build records the values the conditions
 * read ({@link AheadOfTimeRecord}, in each service's META-INF/spring/aot.factories), and the start, once its
 * environment is prepared (every source: variables, arguments, files, Docker secrets), compares them: equal, it uses
 * the generated context; any of them different, or the record absent (a jar built without process-aot, the tests),
 * it starts the plain way. Only a service's main() adds it, so a test context never turns Spring AOT on.
 */
public final class AheadOfTimeStart implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** The record's place in the jar; the build writes it next to the generated classes. */
    public static final String RECORD = "META-INF/netservices/aot-settings.properties";

    private static final Log log = LogFactory.getLog(AheadOfTimeStart.class);

    private final FixedSettings fixed;

    public AheadOfTimeStart(FixedSettings fixed) {
        this.fixed = fixed;
    }

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
        String changed = FixedSettings.firstDifference(built, fixed.read(event.getEnvironment()));
        if (changed == null) {
            System.setProperty("spring.aot.enabled", "true");
            log.info("Starting from the build's Spring AOT context: the settings it fixed are unchanged");
        } else {
            // The setting's name only: its value may be a secret (spring.data.redis.password).
            log.info("Starting without Spring AOT: " + changed + " differs from the build's");
        }
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
}
