package dev.netservices.chat.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.netservices.chat.UdpMember;
import dev.netservices.chat.room.Announcement;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.Outgoing;
import dev.netservices.chat.room.Sends;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.channel.AbstractMessageChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * The datagram flow over real sockets, watched on {@code chatOut}: what the room decides travels down the flow as
 * one message per datagram handled (a fan-out included) naming the socket that answers; what enters through the
 * {@link SideEntry} carries no socket and still reaches the members from the chat port.
 */
@SpringBootTest(properties = {"chat.port=0", "chat.admin.password=test-secret", "chat.receivers=2"})
class ChatFlowTest {

    @Autowired
    private ChatServer server;

    @Autowired
    private Moderation moderation;

    @Autowired
    private SideEntry sideEntry;

    @Autowired
    @Qualifier(ChatFlowConfiguration.OUT)
    private AbstractMessageChannel chatOut;

    @Test
    void everyDatagramsSendsGoDownTheFlowAsOneMessageNamingTheSocketAndSideEntriesLeaveFromTheChatPortToo() {
        List<Message<?>> seen = new CopyOnWriteArrayList<>();
        ChannelInterceptor watch = new ChannelInterceptor() {
            @Override
            public Message<?> preSend(Message<?> message, MessageChannel channel) {
                seen.add(message);
                return message;
            }
        };
        chatOut.addInterceptor(watch);
        try (UdpMember alice = new UdpMember(server.port()); UdpMember bob = new UdpMember(server.port());
                UdpMember carol = new UdpMember(server.port())) {
            alice.join("flow_alice");
            bob.join("flow_bob");
            carol.join("flow_carol");
            alice.receive();
            alice.receive();
            bob.receive();
            seen.clear();

            bob.send("to everyone");
            assertThat(alice.receive()).isEqualTo("flow_bob : to everyone");
            assertThat(carol.receive()).isEqualTo("flow_bob : to everyone");
            assertThat(seen).as("one message for the fan-out to two members").singleElement().satisfies(message -> {
                assertThat(((Sends) message.getPayload()).outgoing()).singleElement()
                        .extracting(Outgoing::recipients).isInstanceOf(Outgoing.Everyone.class);
                DatagramChannel socket = message.getHeaders().get(ChatFlowConfiguration.SOCKET, DatagramChannel.class);
                assertThat(socket).isNotNull();
                assertThat(localPort(socket)).isEqualTo(server.port());
            });

            seen.clear();
            Announcement announced = moderation.announce("through the side entry");
            sideEntry.send(((Announcement.Sent) announced).sends());
            for (UdpMember member : List.of(alice, bob, carol)) {
                assertThat(member.receive()).isEqualTo("Admin announcement: through the side entry");
            }
            assertThat(seen).singleElement()
                    .satisfies(message -> assertThat(message.getHeaders()).doesNotContainKey(ChatFlowConfiguration.SOCKET));
            for (UdpMember member : List.of(alice, bob, carol)) {
                member.send("/quit");
            }
        } finally {
            chatOut.removeInterceptor(watch);
        }
    }

    private static int localPort(DatagramChannel socket) {
        try {
            return ((InetSocketAddress) socket.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
