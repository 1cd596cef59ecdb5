package dev.netservices.common.startup;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Writes the build's values of a service's fixed settings into its jar, beside Spring AOT's generated context, for
 * {@link AheadOfTimeStart} to compare at each start. A service registers a subclass that names its settings in its
 * META-INF/spring/aot.factories (which needs a constructor without arguments).
 */
public abstract class AheadOfTimeRecord implements BeanFactoryInitializationAotProcessor {

    private final FixedSettings fixed;

    protected AheadOfTimeRecord(FixedSettings fixed) {
        this.fixed = fixed;
    }

    @Override
    public BeanFactoryInitializationAotContribution processAheadOfTime(ConfigurableListableBeanFactory beanFactory) {
        Properties built = new Properties();
        built.putAll(fixed.read(beanFactory.getBean(Environment.class)));
        StringWriter text = new StringWriter();
        try {
            built.store(text, "The settings Spring AOT fixed at build time (AheadOfTimeStart)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (generation, code) -> generation.getGeneratedFiles().addResourceFile(AheadOfTimeStart.RECORD, text.toString());
    }
}
