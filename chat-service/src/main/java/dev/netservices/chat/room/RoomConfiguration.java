package dev.netservices.chat.room;

import java.time.Clock;

import dev.netservices.chat.ChatMetrics;
import dev.netservices.chat.ChatProperties;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoomConfiguration {

    @Bean
    RoomTexts roomTexts(MessageSource messageSource, ChatProperties properties) {
        return new RoomTexts(messageSource, properties.locale());
    }

    @Bean
    ChatRoom chatRoom(RoomTexts texts, Delivery delivery, ChatMetrics metrics, ChatProperties properties) {
        return new ChatRoom(texts, delivery, metrics, properties, Clock.systemUTC());
    }
}
