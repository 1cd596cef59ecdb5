package dev.netservices.web.support;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import dev.netservices.web.WebProperties;
import dev.netservices.web.http.HttpLimits;

/** The limits a server has when nothing is set: bound from WebProperties, so the defaults stay written once. */
public final class TestLimits {

    public static final HttpLimits DEFAULTS = new Binder(new MapConfigurationPropertySource())
            .bindOrCreate("web", WebProperties.class).limits();

    private TestLimits() {
    }
}
