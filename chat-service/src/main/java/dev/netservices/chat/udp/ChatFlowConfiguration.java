package dev.netservices.chat.udp;

import dev.netservices.chat.ChatMetrics;
import dev.netservices.chat.ChatProperties;
import dev.netservices.chat.room.Room;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageChannels;
import org.springframework.integration.dsl.context.IntegrationFlowContext;
import org.springframework.integration.ip.IpHeaders;
import org.springframework.integration.ip.dsl.Udp;

/**
 * The path of a datagram, top to bottom:
 * <pre>
 *   chatIn-0 .. chatIn-N (Udp.inboundAdapter, one per receive socket on the chat port; registered by ChatServer
 *                         when it binds, each handling its datagrams in arrival order on its own thread)
 *     -> chatDatagrams (direct: no thread switch between receiving a line and fanning it out)
 *     -> DatagramHandler (bytes -> ChatCommand -> Room; the room fans out itself through SocketDelivery)
 *     -> Udp.outboundAdapter (the reply, if any, back to the sender, from the socket it came in on)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
class ChatFlowConfiguration {

    static final String DATAGRAMS = "chatDatagrams";

    @Bean
    DatagramHandler datagramHandler(Room room, ChatMetrics metrics, ChatProperties properties) {
        return new DatagramHandler(room, metrics, properties.maxDatagramBytes());
    }

    @Bean
    IntegrationFlow chatFlow(DatagramHandler datagramHandler, SocketDelivery delivery) {
        return IntegrationFlow.from(MessageChannels.direct(DATAGRAMS))
                .handle(datagramHandler)
                .handle(Udp.outboundAdapter(message -> message.getHeaders().get(IpHeaders.PACKET_ADDRESS))
                        .socketFunction(message -> delivery.socket()))
                .get();
    }

    @Bean
    ChatServer chatServer(IntegrationFlowContext flows, DatagramHandler datagramHandler, SocketDelivery delivery,
            Room room, ChatProperties properties) {
        return new ChatServer(flows, datagramHandler, delivery, room, properties);
    }
}
