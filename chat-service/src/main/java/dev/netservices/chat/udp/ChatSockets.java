package dev.netservices.chat.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import dev.netservices.common.net.QuietClose;

/**
 * Opens the chat port's receive sockets: {@code count} sockets sharing one port ({@code SO_REUSEPORT}, where the
 * platform has it; else one). Opened here rather than by the adapters, so that a taken port fails {@link #bind}
 * with a {@link java.net.BindException} (an adapter would only log it on its own thread).
 */
final class ChatSockets {

    /** Kernel receive queue per socket: absorbs bursts while its thread fans out. */
    private static final int SOCKET_RECEIVE_BUFFER = 1 << 20;

    private ChatSockets() {
    }

    /** The bound sockets, all on one port of {@code address} (null: every interface; port 0: one free port chosen for all). */
    static List<DatagramChannel> bind(InetAddress address, int port, int count) throws IOException {
        List<DatagramChannel> opened = new ArrayList<>();
        try {
            int sockets;
            int bound;
            // Bound alone first, without SO_REUSEPORT: a port held by anyone, even another chat server that would
            // share it, fails here with a BindException; port 0 becomes a concrete free port.
            try (DatagramChannel probe = DatagramChannel.open()) {
                sockets = probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT) ? count : 1;
                probe.bind(new InetSocketAddress(address, port));
                bound = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            }
            for (int i = 0; i < sockets; i++) {
                DatagramChannel socket = DatagramChannel.open();
                opened.add(socket);
                if (sockets > 1) {
                    socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                socket.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_RECEIVE_BUFFER);
                socket.bind(new InetSocketAddress(address, bound));
            }
            return List.copyOf(opened);
        } catch (IOException | RuntimeException e) {
            opened.forEach(QuietClose::close);
            throw e;
        }
    }
}
