package dev.netservices.chat;

import dev.netservices.chat.room.Admission;
import dev.netservices.chat.room.ChatRoom;
import dev.netservices.chat.room.History;
import dev.netservices.chat.room.IdleRemoval;
import dev.netservices.chat.room.Membership;
import dev.netservices.chat.room.Moderation;
import dev.netservices.chat.room.OtherNodes;
import dev.netservices.chat.room.RecentLines;
import dev.netservices.chat.room.RoomListener;
import dev.netservices.chat.room.RoomTexts;
import dev.netservices.chat.room.SanctionBook;
import dev.netservices.chat.room.Sanctions;
import dev.netservices.chat.udp.ChatFlowConfiguration;
import dev.netservices.chat.udp.SideEntry;
import dev.netservices.chat.udp.UdpSettings;
import dev.netservices.common.time.ServiceClock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The chat service's wiring: the room's parts with their limits, texts and clock, and the settings the datagram
 * flow reads ({@link ChatFlowConfiguration} builds the flow and its steps). What the room answers later (after the
 * other nodes) enters the flow through the {@link SideEntry}. The listeners the room and the flow
 * report to are {@code observability/ChatMetrics}, found by their interfaces.
 */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    @Bean
    UdpSettings udpSettings(ChatProperties properties) {
        return properties.udp();
    }

    @Bean
    RoomTexts roomTexts(MessageSource messageSource, ChatProperties properties) {
        return new RoomTexts(messageSource, properties.locale());
    }

    @Bean
    Membership membership(ObjectProvider<OtherNodes> otherNodes) {
        // chat.cluster.enabled: cluster/ClusterConfiguration provides the other nodes; else the room is on this node only.
        return new Membership(otherNodes.getIfAvailable(() -> OtherNodes.NONE));
    }

    /** One node: the rooms' history in memory; with the cluster on, cluster/ClusterConfiguration keeps it in Redis. */
    @Bean
    @ConditionalOnBooleanProperty(name = "chat.cluster.enabled", havingValue = false, matchIfMissing = true)
    History history(ChatProperties properties) {
        return properties.history().lines() == 0 ? History.NONE : new RecentLines(properties.history().lines());
    }

    /** One node: bans and mutes in memory; with the cluster on, cluster/ClusterConfiguration keeps them in Redis. */
    @Bean
    @ConditionalOnBooleanProperty(name = "chat.cluster.enabled", havingValue = false, matchIfMissing = true)
    Sanctions sanctions(ServiceClock clock) {
        return new SanctionBook(clock);
    }

    @Bean
    Admission admission(Membership membership, RoomTexts texts, RoomListener listener, ChatProperties properties,
            ServiceClock clock, SideEntry sideEntry, History history, Sanctions sanctions) {
        return new Admission(membership, texts, listener, properties.limits(), clock, sideEntry::send, history, sanctions);
    }

    @Bean
    ChatRoom chatRoom(Membership membership, Admission admission, RoomTexts texts, RoomListener listener,
            ChatProperties properties, ServiceClock clock, SideEntry sideEntry, History history, Sanctions sanctions) {
        return new ChatRoom(membership, admission, texts, listener, properties.limits(), clock, sideEntry::send, history,
                sanctions);
    }

    @Bean
    Moderation moderation(Membership membership, RoomTexts texts, ChatProperties properties, History history,
            Sanctions sanctions, ServiceClock clock) {
        return new Moderation(membership, texts, properties.limits(), history, sanctions, clock);
    }

    @Bean
    IdleRemoval idleRemoval(Membership membership, RoomTexts texts, ChatProperties properties, ServiceClock clock) {
        return new IdleRemoval(membership, texts, properties.limits(), clock);
    }
}
