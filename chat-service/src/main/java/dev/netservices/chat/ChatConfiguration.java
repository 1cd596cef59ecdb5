package dev.netservices.chat;

import io.micrometer.core.instrument.MeterRegistry;

import dev.netservices.chat.observability.ChatMetrics;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.chat.room.Delivery;
import dev.netservices.chat.room.Room;
import dev.netservices.chat.room.RoomTexts;
import dev.netservices.chat.udp.ChatFlowConfiguration;
import dev.netservices.chat.udp.ChatReceivers;
import dev.netservices.chat.udp.ChatServer;
import dev.netservices.chat.udp.DatagramDecoder;
import dev.netservices.chat.udp.DatagramSender;
import dev.netservices.chat.udp.FlowDelivery;
import dev.netservices.chat.udp.RoomHandler;
import dev.netservices.common.time.ServiceClock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;

/**
 * The chat service's wiring: the room with its limits, texts and clock, and the steps of the datagram flow
 * ({@link ChatFlowConfiguration} strings them together), and the UDP server that binds them to the port.
 */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    @Bean
    ChatMetrics chatMetrics(MeterRegistry registry) {
        return new ChatMetrics(registry);
    }

    @Bean
    RoomTexts roomTexts(MessageSource messageSource, ChatProperties properties) {
        return new RoomTexts(messageSource, properties.locale());
    }

    @Bean
    Delivery delivery(@Qualifier(ChatFlowConfiguration.OUT) MessageChannel out) {
        return new FlowDelivery(out);
    }

    @Bean
    ChatRoom chatRoom(RoomTexts texts, Delivery delivery, ChatMetrics metrics, ChatProperties properties, ServiceClock clock) {
        return new ChatRoom(texts, delivery, metrics, properties.limits(), clock);
    }

    @Bean
    DatagramSender datagramSender(ChatMetrics metrics) {
        return new DatagramSender(metrics);
    }

    @Bean("chatIn")
    ChatReceivers chatReceivers(ChatProperties properties, DatagramSender sender) {
        return new ChatReceivers(properties.maxDatagramBytes(), sender::sendFromHere);
    }

    @Bean
    DatagramDecoder datagramDecoder(ChatMetrics metrics, ChatProperties properties) {
        return new DatagramDecoder(metrics, properties.maxDatagramBytes());
    }

    @Bean
    RoomHandler roomHandler(Room room, ServiceClock clock) {
        return new RoomHandler(room, clock);
    }

    @Bean
    ChatServer chatServer(ChatReceivers receivers, DatagramSender sender, RoomHandler roomHandler, Room room,
            ChatProperties properties) {
        return new ChatServer(receivers, sender, roomHandler, room, properties.port(), properties.effectiveReceivers(),
                properties.idleTimeout());
    }
}
