package dev.netservices.chat.udp;

import dev.netservices.chat.room.Admission;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.chat.room.IdleRemoval;
import dev.netservices.chat.room.Membership;
import dev.netservices.chat.room.Received;
import dev.netservices.chat.room.Sends;
import dev.netservices.common.time.ServiceClock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.IntegrationComponentScan;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.integration.dsl.IntegrationFlow;

/**
 * The path of every datagram the room receives or sends, top to bottom, with every step of it. All on the thread
 * that brought the message: a datagram is received, decided on, answered and fanned out on the receive thread of its
 * socket, so one sender's lines keep their order, and nothing is handed to another thread.
 * <pre>
 *   chatIn (ChatReceivers: one UDP inbound adapter per socket sharing chat.port; header chat_socket: the socket)
 *     -> chatDatagrams -> DatagramDecoder (bytes -> Received)
 *     -> the room (ChatRoom decides; returns the Sends: replies, notices, fan-out)
 *     -> chatOut
 *   chatSideEntry (SideEntry gateway: admin announcements and removals, idle sweep, a dead node's departures)
 *     -> chatOut
 *   chatOut (publish-subscribe, in order): [the relay to the other nodes, with the cluster on] -> DatagramSender
 *     (out of the chat port: through the socket in chat_socket, else the first)
 * </pre>
 * Lines relayed from other nodes enter chatOut from the cluster's own flow ({@code cluster/ClusterConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@IntegrationComponentScan(basePackageClasses = SideEntry.class)
public class ChatFlowConfiguration {

    /** Where everything the room sends meets before the socket. */
    public static final String OUT = "chatOut";
    /** Header: the {@link java.nio.channels.DatagramChannel} a datagram came in on, which answers it. */
    public static final String SOCKET = "chat_socket";

    @Bean(OUT)
    PublishSubscribeChannel chatOut() {
        return new PublishSubscribeChannel();
    }

    @Bean
    InFlight inFlight() {
        return new InFlight();
    }

    @Bean("chatIn")
    ChatReceivers chatReceivers(UdpSettings settings, InFlight inFlight, DatagramListener listener, ServiceClock clock) {
        return new ChatReceivers(settings.maxDatagramBytes(), inFlight, listener, clock);
    }

    @Bean
    DatagramDecoder datagramDecoder(DatagramListener listener, UdpSettings settings) {
        return new DatagramDecoder(listener, settings.maxDatagramBytes(), settings.maxLinesPerDatagram());
    }

    @Bean
    DatagramSender datagramSender(DatagramListener listener, ServiceClock clock) {
        return new DatagramSender(listener, clock);
    }

    @Bean
    IntegrationFlow chatFlow(ChatReceivers chatIn, DatagramDecoder decoder, ChatRoom room, DatagramSender sender) {
        return IntegrationFlow.from(chatIn)
                .channel("chatDatagrams")
                .transform(decoder)
                .handle(Received.class, (datagram, headers) -> nothingAsNull(room.handle(datagram)))
                .channel(OUT)
                .handle(sender)
                .get();
    }

    @Bean
    IdleSweep idleSweep(IdleRemoval removal, SideEntry sideEntry, UdpSettings settings) {
        return new IdleSweep(removal, sideEntry, settings.idleTimeout());
    }

    @Bean
    ChatServer chatServer(ChatReceivers receivers, DatagramSender sender, InFlight inFlight, IdleSweep idleSweep,
            Admission admission, Membership membership, UdpSettings settings) {
        return new ChatServer(receivers, sender, inFlight, idleSweep, admission, membership, settings);
    }

    /** Most datagrams that are lines cause one fan-out; the few that cause nothing end the flow here. */
    private static Sends nothingAsNull(Sends sends) {
        return sends.isEmpty() ? null : sends;
    }
}
