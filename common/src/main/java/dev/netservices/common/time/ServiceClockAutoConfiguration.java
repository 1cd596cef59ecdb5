package dev.netservices.common.time;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The service's {@link ServiceClock}: the real one, unless a test (or the service) declares its own. */
@AutoConfiguration
public class ServiceClockAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServiceClock serviceClock() {
        return ServiceClock.SYSTEM;
    }
}
