package dev.netservices.chat.udp;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The path of a datagram, top to bottom. Every channel is direct: a datagram is received, decided on, answered
 * and fanned out on the receive thread of its socket, so one sender's lines keep their order.
 * <pre>
 *   chatIn (ChatReceivers: one UDP inbound adapter per socket sharing chat.port)
 *     -> chatDatagrams -> DatagramDecoder (bytes -> ChatCommand)
 *     -> RoomHandler (the room decides; the reply to the sender, if any, goes on)
 *     -> chatOut -> DatagramSender (out of the chat port)
 *   the room's fan-out and notices (from the flow, the admin API, the idle sweep): FlowDelivery -> chatOut
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class ChatFlowConfiguration {

    /** Where replies and fan-out meet before the socket. */
    public static final String OUT = "chatOut";

    @Bean(OUT)
    DirectChannel chatOut() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow chatFlow(ChatReceivers chatIn, DatagramDecoder decoder, RoomHandler room, DatagramSender sender) {
        return IntegrationFlow.from(chatIn)
                .channel("chatDatagrams")
                .transform(decoder)
                .handle(Received.class, room)
                .channel(OUT)
                .handle(sender)
                .get();
    }
}
