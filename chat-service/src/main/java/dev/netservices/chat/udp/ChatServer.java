package dev.netservices.chat.udp;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.room.Admission;
import dev.netservices.chat.room.Membership;
import dev.netservices.common.net.QuietClose;
import dev.netservices.common.server.ProtocolServer;
import dev.netservices.common.time.Deadline;

/**
 * The chat room's UDP endpoint as a {@link ProtocolServer}: common's lifecycle binds it once the context has
 * started and drains it on shutdown; its health shows the port and the members.
 * <pre>
 *   closed --bind--> serving (sockets bound by ChatSockets, the flow's receivers and sender given them, joins
 *                             taken, the idle sweep running)
 *   serving --stopAccepting--> draining (joins refused; members still talk) --awaitDrained, close--> closed
 * </pre>
 * There is no refusal to write here, unlike the TCP servers: a datagram the room will not take is answered by the
 * room itself, down the flow.
 */
public final class ChatServer implements ProtocolServer {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    private final ChatReceivers receivers;
    private final DatagramSender sender;
    private final InFlight inFlight;
    private final IdleSweep idleSweep;
    private final Admission admission;
    private final Membership membership;
    private final UdpSettings settings;
    private volatile List<DatagramChannel> sockets = List.of();
    private volatile int port = -1;
    private volatile boolean accepting;

    ChatServer(ChatReceivers receivers, DatagramSender sender, InFlight inFlight, IdleSweep idleSweep, Admission admission,
            Membership membership, UdpSettings settings) {
        this.receivers = receivers;
        this.sender = sender;
        this.inFlight = inFlight;
        this.idleSweep = idleSweep;
        this.admission = admission;
        this.membership = membership;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String transport() {
        return "udp";
    }

    @Override
    public int configuredPort() {
        return settings.port();
    }

    @Override
    public synchronized void bind() throws IOException {
        List<DatagramChannel> bound = ChatSockets.bind(settings.address(), settings.port(), settings.receiveSockets());
        // Bound is enough: the kernel queues what arrives before a receive thread reads, so nothing waits for them.
        sockets = bound;
        sender.useByDefault(bound.getFirst());
        receivers.receiveFrom(bound);
        receivers.start();
        inFlight.reopen();
        port = bound.getFirst().socket().getLocalPort();
        accepting = true;
        admission.startAccepting();
        idleSweep.start();
        log.debug("chat server receiving on {} socket(s)", bound.size());
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean isServing() {
        List<DatagramChannel> now = sockets;
        return accepting && port > 0 && !now.isEmpty() && now.stream().allMatch(DatagramChannel::isOpen);
    }

    @Override
    public String sessionsLabel() {
        return "members";
    }

    @Override
    public int liveSessions() {
        return membership.size();
    }

    @Override
    public void stopAccepting() {
        accepting = false;
        admission.stopAccepting();
    }

    @Override
    public boolean awaitDrained(Deadline deadline) throws InterruptedException {
        return inFlight.awaitNone(deadline);
    }

    @Override
    public synchronized void close() {
        accepting = false;
        port = -1;
        idleSweep.stop();
        receivers.stop();
        sender.useByDefault(null);
        sockets.forEach(QuietClose::close);
        sockets = List.of();
    }
}
