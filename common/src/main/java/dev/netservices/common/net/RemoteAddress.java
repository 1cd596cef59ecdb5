package dev.netservices.common.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;

/**
 * How a peer's address is written in logs, access logs, health and admin views: the IP literal
 * (never a reverse DNS lookup, which could block a loop thread), with the port where it tells
 * two sessions from one host apart. A peer whose address can no longer be read is {@code -}.
 */
public final class RemoteAddress {

    private static final String UNKNOWN = "-";

    private RemoteAddress() {
    }

    /** {@code 192.0.2.7} */
    public static String host(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : UNKNOWN;
    }

    /** {@code 192.0.2.7:51234} */
    public static String hostAndPort(SocketAddress address) {
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : UNKNOWN;
    }

    /** The connected peer's IP, or {@code -} when the channel is already closed. */
    public static String hostOf(SocketChannel channel) {
        return host(remoteOf(channel));
    }

    /** The connected peer's IP and port, or {@code -} when the channel is already closed. */
    public static String hostAndPortOf(SocketChannel channel) {
        return hostAndPort(remoteOf(channel));
    }

    private static SocketAddress remoteOf(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** The port a channel is bound to locally, or -1. */
    public static int localPortOf(NetworkChannel channel) {
        try {
            return channel.getLocalAddress() instanceof InetSocketAddress inet ? inet.getPort() : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
