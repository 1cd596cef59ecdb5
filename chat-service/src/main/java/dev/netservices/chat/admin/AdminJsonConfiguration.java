package dev.netservices.chat.admin;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * The admin API's JSON means what it says: a number or a boolean where text is asked for ({@code "reason": 5},
 * {@code {"message": 5}}, which broadcast "5") is a 400 naming the field, like a string or a fraction where a whole
 * number is asked for (application.yml: {@code accept-float-as-int}, {@code allow-coercion-of-scalars}).
 */
@Configuration(proxyBeanMethods = false)
class AdminJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer textIsText() {
        return builder -> builder.withCoercionConfig(LogicalType.Textual, text -> text
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
