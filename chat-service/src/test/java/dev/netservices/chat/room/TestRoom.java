package dev.netservices.chat.room;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.netservices.common.time.ManualClock;

import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The room's parts wired as the service wires them, on one node, without sockets: what the room would send is
 * read from the {@link Sends} it returns, as {@code "bob <- alice : hi"} lines for members and the reply text.
 */
final class TestRoom {

    final List<String> refused = new ArrayList<>();
    /** What the room sent later (on one node: never; everything is answered at once). */
    final List<Sends> later = new ArrayList<>();
    final Membership membership = new Membership(OtherNodes.NONE);
    final Admission admission;
    final ChatRoom room;
    final Moderation moderation;
    final IdleRemoval idle;
    final SanctionBook sanctions;

    TestRoom(Locale locale, ChatLimits limits, ManualClock clock) {
        this(locale, limits, clock, 20);
    }

    /** {@code historyLines}: what each room replays to whoever enters it (0: none). */
    TestRoom(Locale locale, ChatLimits limits, ManualClock clock, int historyLines) {
        RoomTexts texts = new RoomTexts(messages(), locale);
        RoomListener listener = refused::add;
        History history = historyLines == 0 ? History.NONE : new RecentLines(historyLines);
        sanctions = new SanctionBook(clock);
        admission = new Admission(membership, texts, listener, limits, clock, later::add, history, sanctions);
        room = new ChatRoom(membership, admission, texts, listener, limits, clock, later::add, history, sanctions);
        moderation = new Moderation(membership, texts, limits, history, sanctions, clock);
        idle = new IdleRemoval(membership, texts, limits, clock);
    }

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    static InetSocketAddress at(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    Sends send(int port, ChatCommand command) {
        return send(port, command, false);
    }

    Sends send(int port, ChatCommand command, boolean lineEnded) {
        return room.handle(new Received(at(port), command, lineEnded));
    }

    /** From another IP address than the others' (another machine, not a neighbour behind the same NAT). */
    Sends send(InetSocketAddress from, ChatCommand command) {
        return room.handle(new Received(from, command, false));
    }

    /** Every reply to the sender in {@code sends}, in order. */
    static List<String> replies(Sends sends) {
        List<String> replies = new ArrayList<>();
        for (Outgoing outgoing : sends.outgoing()) {
            if (outgoing.recipients() instanceof Outgoing.Sender) {
                replies.add(new String(outgoing.datagram(), UTF_8));
            }
        }
        return replies;
    }

    /** The reply to the sender in {@code sends}, or null when there is none. */
    static String reply(Sends sends) {
        for (Outgoing outgoing : sends.outgoing()) {
            if (outgoing.recipients() instanceof Outgoing.Sender) {
                return new String(outgoing.datagram(), UTF_8);
            }
        }
        return null;
    }

    /** What each member is sent, in order: {@code "name <- text"}, with {@code \n} where the member wants lines. */
    static List<String> told(Sends sends) {
        List<String> told = new ArrayList<>();
        for (Outgoing outgoing : sends.outgoing()) {
            String text = new String(outgoing.datagram(), UTF_8);
            switch (outgoing.recipients()) {
                case Outgoing.Sender sender -> {
                }
                case Outgoing.Members members -> tell(told, members.members(), members.except(), text);
                case Outgoing.Everyone everyone -> tell(told, everyone.here(), everyone.except(), text);
                case Outgoing.Elsewhere elsewhere -> told.add(elsewhere.name() + "@elsewhere <- " + text);
            }
        }
        return told;
    }

    private static void tell(List<String> told, Member[] members, Member except, String text) {
        for (Member member : members) {
            if (member != except) {
                told.add(member.name() + " <- " + text + (member.wantsLineEnds() ? "\\n" : ""));
            }
        }
    }
}
